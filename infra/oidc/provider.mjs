// The local stand-in for Cognito's managed login: a real OpenID provider
// (npm oidc-provider, pinned in package-lock.json) configured like the staff
// user pool of template.yaml. Never deployed. Started by infra/stack
// (StartOIDC), which passes the client and the users in the environment:
//
//   PARTNERSKAP_OIDC_CONFIG='{"clientId":"...","redirectUris":[...],
//     "postLogoutRedirectUris":[...],"users":[{"sub":"...","email":"...",
//     "password":"...","groups":["staff"],"totpSecret":"<base32>"}],
//     "showCodes":false}' node infra/oidc/provider.mjs --port 9229
//
// As the pool: one public client (no secret), authorization code flow only,
// PKCE required (S256 only), scopes `openid email`, RS256 ID tokens for 60
// minutes carrying email, cognito:groups (a JSON array) and token_use "id".
// Sign-in needs the password and a TOTP code (RFC 6238: SHA-1, 6 digits, 30 s,
// one step of skew), the second factor the pool requires of staff. Keys and
// cookie secrets are made at every start; nothing here is a secret that
// matters. It listens on 127.0.0.1 only and loads nothing from elsewhere.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg >= 0 ? process.argv[portArg + 1] : NaN);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node provider.mjs --port N (config in PARTNERSKAP_OIDC_CONFIG)');
  process.exit(2);
}
const cfg = JSON.parse(process.env.PARTNERSKAP_OIDC_CONFIG || '{}');
if (!cfg.clientId || !Array.isArray(cfg.redirectUris) || !Array.isArray(cfg.users)) {
  console.error('PARTNERSKAP_OIDC_CONFIG needs clientId, redirectUris and users');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const users = new Map(cfg.users.map((u) => [u.sub, u]));
const byEmail = new Map(cfg.users.map((u) => [u.email.toLowerCase(), u]));

// --- TOTP (RFC 6238 over RFC 4226), as an authenticator app computes it ---
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0; let value = 0; const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error('bad base32 secret');
    value = (value << 5) | i; bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}
function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}
const currentStep = () => Math.floor(Date.now() / 30000);
function totpOK(secret, code) {
  const got = String(code || '').trim();
  if (!/^[0-9]{6}$/.test(got)) return false;
  const step = currentStep();
  return [step - 1, step, step + 1].some((s) => crypto.timingSafeEqual(Buffer.from(totp(secret, s)), Buffer.from(got)));
}
function passwordOK(user, password) {
  const a = crypto.createHash('sha256').update(user.password).digest();
  const b = crypto.createHash('sha256').update(String(password || '')).digest();
  return crypto.timingSafeEqual(a, b);
}

// --- pages (no external fonts or scripts: nothing leaves 127.0.0.1) ---
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const style = 'body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}'
  + 'label{display:block;margin-top:1rem;font-weight:600}input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}'
  + 'button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}.local{border:2px dashed #a15c00;background:#fff6e5;padding:.5rem 1rem}'
  + '.error{border-left:4px solid #b00020;padding:.25rem .75rem;color:#b00020}';
function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}
function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
function loginPage(uid, { error, email } = {}) {
  const codes = cfg.showCodes
    ? `<p>Current codes (local only): ${cfg.users.map((u) => `${esc(u.email)}: <code>${totp(u.totpSecret, currentStep())}</code>`).join(', ')}</p>`
    : '';
  return page('Staff sign-in (local)', `<h1>Staff sign-in</h1>
<div class="local"><p><strong>Local only.</strong> This is the development stand-in for Cognito's sign-in pages,
never deployed. The second factor is a TOTP code (RFC 6238) from the dev secret the local stack made at start.</p>${codes}</div>
${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(email || '')}"${error ? ' aria-describedby="error"' : ''}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<label for="code">Code from your authenticator app</label><input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required>
<button type="submit">Sign in</button>
</form>`);
}

// --- the provider ---
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: cfg.clientId,
    client_name: 'Partnerskap staff',
    token_endpoint_auth_method: 'none', // GenerateSecret: false
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: cfg.redirectUris,
    post_logout_redirect_uris: cfg.postLogoutRedirectUris || [],
    id_token_signed_response_alg: 'RS256',
  }],
  responseTypes: ['code'],
  pkce: { required: () => true },
  scopes: ['openid', 'email'],
  claims: {
    openid: ['sub', 'cognito:groups', 'cognito:username', 'token_use'],
    email: ['email', 'email_verified'],
  },
  // Cognito puts the scope's claims in the ID token itself.
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const u = users.get(sub);
    if (!u) return undefined;
    return {
      accountId: sub,
      async claims(use) {
        const c = {
          sub, email: u.email, email_verified: true, 'cognito:username': sub, 'cognito:groups': u.groups || [],
        };
        if (use === 'id_token') c.token_use = 'id';
        return c;
      },
    };
  },
  // A first-party client: no consent screen, as Cognito shows none.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email');
    await grant.save();
    return grant;
  },
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  ttl: {
    IdToken: cfg.idTokenTTL || 3600, // IdTokenValidity: 60 minutes (a test may ask for less)
    AccessToken: 3600, // AccessTokenValidity: 60 minutes
    AuthorizationCode: 300,
    Grant: 12 * 3600,
    Interaction: 3600,
    Session: 12 * 3600,
  },
  routes: { // Cognito's paths, where it has them
    authorization: '/oauth2/authorize',
    token: '/oauth2/token',
    userinfo: '/oauth2/userInfo',
    jwks: '/.well-known/jwks.json',
    end_session: '/logout',
    revocation: '/oauth2/revoke',
  },
  features: {
    devInteractions: { enabled: false },
    pushedAuthorizationRequests: { enabled: false }, // Cognito has no PAR
    revocation: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Cognito's /logout signs out at once: submit the confirmation form
      // by itself (the button is there for a browser without scripts).
      async logoutSource(ctx, form) {
        ctx.body = page('Signing out (local)', `<h1>Signing out</h1>${form.replace('</form>',
          '<input type="hidden" name="logout" value="yes"><button type="submit">Sign out</button></form>')}`
          + '<script>document.getElementById("op.logoutForm").submit()</script>');
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out (local)', '<h1>You are signed out</h1>');
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error (local)', `<h1>Sign-in error</h1>${Object.entries(out)
      .map(([k, v]) => `<p><strong>${esc(k)}</strong>: ${esc(v)}</p>`).join('')}`);
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (ctx, err) => console.error('oidc server_error', err));

async function readForm(req) {
  const chunks = []; let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return send(res, 400, page('Sign-in expired (local)', '<h1>This sign-in has expired</h1><p>Go back to the staff pages and sign in again.</p>'));
  }
  if (details.uid !== uid) return send(res, 400, page('Sign-in error (local)', '<h1>Sign-in error</h1>'));
  const { prompt } = details;
  if (prompt.name === 'consent') { // not reached with loadExistingGrant; kept as a safety net
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope('openid email');
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  if (prompt.name !== 'login') return send(res, 400, page('Sign-in error (local)', '<h1>Sign-in error</h1>'));
  if (action !== 'login') return send(res, 200, loginPage(uid));
  const form = await readForm(req);
  const email = form.get('email') || '';
  const user = byEmail.get(email.trim().toLowerCase());
  // One message whatever failed (PreventUserExistenceErrors: ENABLED).
  const ok = user && passwordOK(user, form.get('password')) && totpOK(user.totpSecret, form.get('code'));
  if (!ok) return send(res, 401, loginPage(uid, { error: 'Incorrect email, password or code.', email }));
  return provider.interactionFinished(req, res,
    { login: { accountId: user.sub, amr: ['pwd', 'otp'] } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    let m;
    if (req.method === 'GET' && (m = url.pathname.match(/^\/interaction\/([\w-]+)$/))) {
      return await interaction(req, res, m[1], 'show');
    }
    if (req.method === 'POST' && (m = url.pathname.match(/^\/interaction\/([\w-]+)\/login$/))) {
      return await interaction(req, res, m[1], 'login');
    }
    // Cognito's /logout names the return address logout_uri; accept both.
    if (url.pathname === '/logout' && url.searchParams.has('logout_uri') && !url.searchParams.has('post_logout_redirect_uri')) {
      url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri'));
      url.searchParams.delete('logout_uri');
      req.url = url.pathname + url.search;
    }
    return callback(req, res);
  } catch (err) {
    console.error('oidc', err);
    if (!res.headersSent) send(res, 500, page('Error (local)', '<h1>Something went wrong</h1>'));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`oidc provider on ${issuer}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
