// Package wechat answers the messages a WeChat 公众号 (official account)
// forwards to its server: the URL check WeChat makes when the server is
// configured, and the messages users send, in 明文模式 (plain text), 兼容模式
// (plain text and ciphertext side by side) and 安全模式 (ciphertext only).
//
// It implements WeChat's protocol and nothing of HTTP routing: package api
// reads the request and writes the Reply, and maps this package's errors to
// its codes. The question engine, the rate limits and the question log are
// the caller's, reached through Config's functions.
//
// Every request is checked before its body is trusted: the signature over
// the token, timestamp and nonce (and in 安全模式 msg_signature over the
// ciphertext too), a timestamp within Config.Window of the server's clock,
// and a nonce not seen before with another body, so that a captured URL
// cannot be replayed with a message of the attacker's. A message WeChat
// sends again (same sender and MsgId) is answered once, from a cache.
//
// One file holds each noun: the endpoint (endpoint.go), the signature and
// the AES envelope (crypto.go), the message and reply XML and the reply text
// (message.go), the replay guard (replay.go) and the reply cache (cache.go).
package wechat
