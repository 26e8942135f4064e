package wechat

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// blockSize is the PKCS#7 block WeChat pads to (not AES's 16).
const blockSize = 32

// Signature returns WeChat's signature of parts: the hex SHA-1 of the parts
// sorted and concatenated. A request's signature is over the token,
// timestamp and nonce; msg_signature adds the ciphertext.
func Signature(parts ...string) string {
	p := append([]string(nil), parts...)
	sort.Strings(p)
	sum := sha1.Sum([]byte(strings.Join(p, "")))
	return hex.EncodeToString(sum[:])
}

// sameSignature compares a received signature with the expected one in
// constant time, ignoring case.
func sameSignature(want, got string) bool {
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(got))) == 1
}

// cryptor seals and opens the envelope of 安全模式: AES-256-CBC with the
// key's first 16 bytes as IV, over random(16) + length(4, big-endian) +
// message + AppID, padded with PKCS#7 to 32 bytes, in base64.
type cryptor struct {
	key   []byte
	block cipher.Block
}

// newCryptor decodes an EncodingAESKey: 43 characters of base64 that,
// with "=" added, are 32 bytes.
func newCryptor(encodingAESKey string) (*cryptor, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("wechat: EncodingAESKey has %d characters, want 43", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("wechat: EncodingAESKey is not 32 bytes in base64")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("wechat: %w", err)
	}
	return &cryptor{key: key, block: block}, nil
}

// open decrypts a message's Encrypt field and returns the message and the
// AppID it was sealed for.
func (c *cryptor) open(encrypted string) (msg []byte, appID string, err error) {
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encrypted))
	if err != nil || len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, "", ErrDecrypt
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > blockSize || pad > len(plain) {
		return nil, "", ErrDecrypt
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, "", ErrDecrypt
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, "", ErrDecrypt
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	if uint64(n) > uint64(len(plain)-20) {
		return nil, "", ErrDecrypt
	}
	return plain[20 : 20+n], string(plain[20+n:]), nil
}

// seal encrypts msg for appID, with 16 random bytes in front.
func (c *cryptor) seal(msg []byte, appID string) string {
	n := 20 + len(msg) + len(appID)
	pad := blockSize - n%blockSize
	plain := make([]byte, n+pad)
	_, _ = rand.Read(plain[:16]) // never fails (crypto/rand)
	binary.BigEndian.PutUint32(plain[16:20], uint32(len(msg)))
	copy(plain[20:], msg)
	copy(plain[20+len(msg):], appID)
	for i := n; i < len(plain); i++ {
		plain[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain)
}
