package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// refetchEvery is how often at most the pool's keys are fetched again for a
// key id not seen before (Cognito rotates keys rarely and publishes the new
// one before it signs with it).
const refetchEvery = time.Minute

// poolKeys is the pool's key set (JWKS) as go-oidc's verifier asks it to
// check a signature. go-oidc's own RemoteKeySet fetches the keys again on
// every signature that does not verify, so each forged token would cost an
// HTTPS request to the pool; this one fetches at the first token, then
// only for a key id it does not know, at most once a minute. A known key
// id with a bad signature is a forgery, refused without a fetch.
type poolKeys struct {
	url    string
	client *http.Client
	now    func() time.Time

	mu      sync.Mutex
	keys    []jose.JSONWebKey
	fetched time.Time
	fetches int
}

// VerifySignature checks jwt's signature (RS256 only; go-oidc has checked
// the algorithm already) against the pool's keys and returns its payload.
func (k *poolKeys) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(jwt, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("malformed jwt: %w", err)
	}
	if len(jws.Signatures) != 1 || jws.Signatures[0].Header.KeyID == "" {
		return nil, errors.New("want one signature with a key id")
	}
	kid := jws.Signatures[0].Header.KeyID
	key, err := k.key(ctx, kid)
	if err != nil {
		return nil, err
	}
	return jws.Verify(key)
}

// key is the public key kid names, fetching the set when it is unknown
// (and allowed to).
func (k *poolKeys) key(ctx context.Context, kid string) (*jose.JSONWebKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if key := find(k.keys, kid); key != nil {
		return key, nil
	}
	if !k.fetched.IsZero() && k.now().Sub(k.fetched) < refetchEvery {
		return nil, fmt.Errorf("unknown key id %q", kid)
	}
	keys, err := k.fetch(ctx)
	k.fetched = k.now()
	if err != nil {
		return nil, fmt.Errorf("fetching the pool's keys: %w", err)
	}
	k.keys = keys
	if key := find(k.keys, kid); key != nil {
		return key, nil
	}
	return nil, fmt.Errorf("unknown key id %q", kid)
}

func find(keys []jose.JSONWebKey, kid string) *jose.JSONWebKey {
	for i := range keys {
		if keys[i].KeyID == kid && keys[i].Valid() && keys[i].IsPublic() {
			return &keys[i]
		}
	}
	return nil
}

func (k *poolKeys) fetch(ctx context.Context) ([]jose.JSONWebKey, error) {
	k.fetches++
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return nil, err
	}
	res, err := k.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", k.url, res.Status)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&set); err != nil {
		return nil, fmt.Errorf("%s: %w", k.url, err)
	}
	return set.Keys, nil
}
