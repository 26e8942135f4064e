package wechat

import (
	"bytes"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/util"
)

const testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"

func TestSignatureKnownValue(t *testing.T) {
	// sha1("12345" + "1700000000" + "budgetqa-token"), computed independently.
	const want = "70ee99db5079222964514d833eafb64cc3d9af32"
	if got := Signature("budgetqa-token", "1700000000", "12345"); got != want {
		t.Errorf("Signature = %s, want %s", got, want)
	}
	if got, other := Signature("t", "1", "2", "enc"), util.Signature("t", "1", "2", "enc"); got != other {
		t.Errorf("msg_signature %s, silenceper's %s", got, other)
	}
}

// TestCryptorAgainstAnotherImplementation seals and opens messages of
// every padding length with package wechat and with silenceper's, each
// way.
func TestCryptorAgainstAnotherImplementation(t *testing.T) {
	c, err := newCryptor(testAESKey)
	if err != nil {
		t.Fatal(err)
	}
	const appID = "wx1234567890abcdef"
	for n := 0; n < 2*blockSize+1; n++ {
		msg := []byte(strings.Repeat("预", n/3) + strings.Repeat("a", n%3))
		// Theirs sealed, ours opened.
		enc, err := util.EncryptMsg(bytes.Repeat([]byte{7}, 16), msg, appID, testAESKey)
		if err != nil {
			t.Fatal(err)
		}
		got, gotApp, err := c.open(string(enc))
		if err != nil || !bytes.Equal(got, msg) || gotApp != appID {
			t.Fatalf("open(theirs, %d bytes) = %q, %q, %v", len(msg), got, gotApp, err)
		}
		// Ours sealed, theirs opened.
		_, back, err := util.DecryptMsg(appID, c.seal(msg, appID), testAESKey)
		if err != nil || !bytes.Equal(back, msg) {
			t.Fatalf("their DecryptMsg(seal(%d bytes)) = %q, %v", len(msg), back, err)
		}
	}
}

func TestCryptorRefuses(t *testing.T) {
	c, err := newCryptor(testAESKey)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := newCryptor(strings.Repeat("A", 43))
	for _, tt := range []struct {
		name, enc string
	}{
		{"empty", ""},
		{"not base64", "%%%"},
		{"not whole blocks", "AAAA"},
		{"another key", other.seal([]byte("<xml/>"), "wx")},
		{"no AppID", func() string {
			enc, _ := util.EncryptMsg(make([]byte, 16), []byte("x"), "", testAESKey)
			return string(enc)
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg, app, err := c.open(tt.enc)
			if tt.name == "no AppID" {
				if err != nil || string(msg) != "x" || app != "" {
					t.Errorf("open = %q, %q, %v; want the message and no AppID", msg, app, err)
				}
				return
			}
			if err != ErrDecrypt {
				t.Errorf("open = %q, %v; want ErrDecrypt", msg, err)
			}
		})
	}
}
