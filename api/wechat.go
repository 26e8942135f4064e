package api

import (
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/budgetqa/budgetqa/api/wechat"
	"github.com/budgetqa/budgetqa/nlq"
)

// wechatTotalFactor is how many clients' worth of messages /wechat takes
// from everyone together when Config.WeChatRate is 0.
const wechatTotalFactor = 20

// newWeChat returns the /wechat endpoint of s.cfg, and the limit of all
// its messages together (nil for none).
func (s *Server) newWeChat() (*wechat.Endpoint, *rate.Limiter, error) {
	ep, err := wechat.New(wechat.Config{
		Token:      s.cfg.WeChatToken,
		AESKey:     s.cfg.WeChatAESKey,
		AppID:      s.cfg.WeChatAppID,
		Department: s.cfg.Department,
		Timeout:    s.cfg.WeChatTimeout,
		Ask:        s.wechatAsk,
		Examples:   s.wechatExamples,
		Allow:      s.wechatAllow,
		Logger:     s.log,
	})
	if err != nil {
		return nil, nil, err
	}
	r, burst := s.cfg.WeChatRate, 2*s.cfg.WeChatRate
	if r == 0 {
		r, burst = wechatTotalFactor*s.cfg.Rate, float64(wechatTotalFactor*s.cfg.Burst)
	}
	if r <= 0 {
		return ep, nil, nil
	}
	return ep, rate.NewLimiter(rate.Limit(r), max(1, int(burst))), nil
}

// wechatAsk asks the engine a WeChat user's question; false before the
// documents are loaded.
func (s *Server) wechatAsk(req nlq.Request) (nlq.Response, bool) {
	st := s.current()
	if st == nil {
		return nlq.Response{}, false
	}
	return s.answer(st, channelWeChat, req), true
}

// wechatExamples returns questions to offer a new follower.
func (s *Server) wechatExamples() []string {
	st := s.current()
	if st == nil {
		return nil
	}
	if s.cfg.Department == "" {
		return st.sugg.Questions(nil)
	}
	return st.sugg.Questions(st.sugg.Departments(matchDepartment(st.docs, s.cfg.Department)))
}

// wechatAllow applies the rate limits to a new WeChat message: per source
// address (WeChat's servers, or whoever holds a signed URL), per user, and
// for all of /wechat together.
func (s *Server) wechatAllow(client, user string) bool {
	if s.limiter != nil {
		if ok, _ := s.limiter.allow("ip:" + client); !ok {
			return false
		}
		if ok, _ := s.limiter.allow(wechat.SessionID(user)); !ok {
			return false
		}
	}
	return s.wechatTotal == nil || s.wechatTotal.Allow()
}

// wechatVerify answers WeChat's check of the server URL: echostr back when
// the signature is right.
func (s *Server) wechatVerify(c *gin.Context) {
	echo, err := s.wechat.Verify(c.Request.URL.Query())
	if err != nil {
		s.wechatRefuse(c, err)
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(echo))
}

// wechatMessage answers a message a user sent the 公众号 (package wechat
// does the work).
func (s *Server) wechatMessage(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if isTooLarge(err) {
			abortError(c, tooLarge(s.cfg.MaxBodyBytes))
			return
		}
		abortError(c, newError(codeBadMessage, "无法读取消息"))
		return
	}
	reply, err := s.wechat.Handle(c.Request.Context(), wechat.Request{Query: c.Request.URL.Query(), Body: body, Client: c.ClientIP()})
	if err != nil {
		s.wechatRefuse(c, err)
		return
	}
	c.Data(http.StatusOK, reply.ContentType, reply.Body)
}

// wechatRefuse answers a WeChat request that package wechat refused, and
// logs why.
func (s *Server) wechatRefuse(c *gin.Context, err error) {
	var e *Error
	switch {
	case errors.Is(err, wechat.ErrSignature):
		e = newError(codeForbidden, "微信签名校验失败")
	case errors.Is(err, wechat.ErrStale):
		e = newError(codeStaleRequest, "微信请求的时间戳无效或已过期，请检查服务器时钟")
	case errors.Is(err, wechat.ErrReplay):
		e = newError(codeReplayedRequest, "这个微信请求已经用过，不能再用于另一条消息")
	case errors.Is(err, wechat.ErrDecrypt):
		e = newError(codeBadMessage, "无法解密微信消息，请检查 EncodingAESKey 和 AppID")
	default:
		e = newError(codeBadMessage, "消息不是有效的微信 XML")
	}
	s.log.LogAttrs(c.Request.Context(), slog.LevelWarn, "wechat: request refused",
		slog.String("request_id", c.GetString(ginRequestID)), slog.String("client_ip", c.ClientIP()), slog.String("error", err.Error()))
	abortError(c, e)
}
