package app

import (
	"log/slog"
	"os"
	"time"

	"partnerskap/internal/auth"
	"partnerskap/internal/logging"
	"partnerskap/internal/web"
)

// SignIn is the SigninFunction: /staff/signin, /staff/callback,
// /staff/signout and /staff/signedout.
func SignIn(lookup func(string) (string, bool), log *slog.Logger, now func() time.Time) (web.Handler, error) {
	cfg, err := auth.LoadConfig(lookup)
	if err != nil {
		return nil, err
	}
	client := auth.PoolClient()
	origins, err := auth.NewOriginCheck(cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	return web.SignIn(auth.NewFlow(cfg, auth.NewVerifier(cfg, client, now), client), origins, log), nil
}

// Logger is the JSON logger of a function that builds no Env.
func Logger() *slog.Logger { return logging.New(os.Stdout, slog.LevelInfo) }
