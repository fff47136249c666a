package programme

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
)

// A submission token is a secret the form carries (or a JSON client sends as
// its idempotency key). The application's reference and its status key are
// derived from it, so posting the same token again finds the same application
// and the table never holds the token or the key themselves, only hashes.

const (
	minTokenLen = 22 // 128 bits in base64url
	maxTokenLen = 64
)

// NewToken returns a fresh random token (128 bits, base64url).
func NewToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on Linux; it panics if it cannot.
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ValidToken says whether s can serve as a token: 22 to 64 characters of
// base64url's alphabet.
func ValidToken(s string) bool {
	if len(s) < minTokenLen || len(s) > maxTokenLen {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Crockford's base32 alphabet: no I, L, O, U, easy to read aloud.
var refEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// RefFor is the application reference for a token, e.g. "KP-7F3K9Q2M4H".
func RefFor(token string) string {
	sum := sha256.Sum256([]byte("ref\x00" + token))
	return "KP-" + refEncoding.EncodeToString(sum[:])[:10]
}

// ValidRef says whether s has the shape of a reference.
func ValidRef(s string) bool {
	return len(s) == 13 && s[:3] == "KP-" && isRefAlphabet(s[3:])
}

func isRefAlphabet(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return true
}

// StatusKeyFor is the secret of the status link for a token.
func StatusKeyFor(token string) string {
	sum := sha256.Sum256([]byte("status\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// Hash is the stored form of a secret (token or status key).
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SecretMatches compares a presented secret with a stored hash in constant time.
func SecretMatches(secret, storedHash string) bool {
	h := Hash(secret)
	return subtle.ConstantTimeCompare([]byte(h), []byte(storedHash)) == 1
}

// InputHash is the stored form of what a submission asked for: a hash of the
// input's canonical form (its JSON encoding, fields in declaration order,
// without the token and the proof), so that a token presented again with a different
// body is recognised and refused instead of answered with the first one.
func InputHash(in Input) string {
	in.Token, in.Proof = "", ""
	b, err := json.Marshal(in)
	if err != nil { // an Input is plain strings and numbers: it always encodes
		panic(err)
	}
	return Hash("input\x00" + string(b))
}
