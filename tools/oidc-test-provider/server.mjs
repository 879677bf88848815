// An OpenID Connect provider for Siilo's single sign-on tests (tests/api/sso.rs) and the web
// client's end-to-end tests: the real `oidc-provider` library, on loopback, with one client.
//
//   node server.mjs --port 0 --client-id ID --client-secret S --redirect-uri URL
//
// prints `listening http://127.0.0.1:<port>` (the issuer) once it serves discovery, the key
// set, the authorization endpoint, the token endpoint (client_secret_basic or
// client_secret_post) and userinfo. PKCE (S256) is required.
//
// The authorization endpoint sends the browser to a login form (GET /interaction/<uid>: the
// fields `login`, labelled Email, and `password`, labelled Password, and a Sign in button,
// posting to the form's `action`); consent is implied. Accounts are made
// up from the login name typed (any password): for `<local>@<domain>`, the email is the name
// lower-cased, the subject is derived from the email (`sub-` and 24 hex digits), and
// `email_verified` is true unless the local part starts with `unverified`. The email claims
// come from the userinfo endpoint (the library's default), not in the ID token.
//
// Test controls (plain HTTP POSTs; this server is for tests only):
//   POST /test/rotate-keys           a new signing key; the old one leaves the key set
//   POST /test/id-token-ttl?seconds=N  ID tokens issued from now on expire N seconds after
//                                    their `iat` (0 or less: already expired when issued)
// Both answer 204. The server stops on SIGTERM or SIGINT.

import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
  },
  strict: true,
});
for (const required of ['client-id', 'client-secret', 'redirect-uri']) {
  if (!args[required]) {
    process.stderr.write(`--${required} is required\n`);
    process.exit(2);
  }
}

const cookieKeys = [randomBytes(32).toString('base64url')];
let idTokenTtl = null; // seconds after `iat`; null: the library's default
let signingKey = newSigningKey();

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  return { privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

// The people who have signed in, by subject.
const accounts = new Map();

function subjectOf(email) {
  return `sub-${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
}

function account(sub) {
  const email = accounts.get(sub);
  if (email === undefined) {
    return undefined;
  }
  const local = email.split('@')[0];
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        email,
        email_verified: !local.startsWith('unverified'),
        name,
        preferred_username: local,
        locale: 'fi-FI',
      };
    },
  };
}

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

// Re-signs an ID token with `exp = iat + idTokenTtl` (the library refuses lifetimes below a
// second, and a test must not wait for one to run out).
function withTtl(idToken) {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.exp = claims.iat + idTokenTtl;
  const signed = `${header}.${b64url(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), signingKey.privateKey).toString('base64url');
  return `${signed}.${signature}`;
}

function newProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: args['client-id'],
        client_secret: args['client-secret'],
        redirect_uris: args['redirect-uri'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    jwks: { keys: [signingKey.jwk] },
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'locale'],
    },
    findAccount: async (_ctx, id) => account(id),
    // The one client is first-party: consent is given without asking.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        return ctx.oidc.provider.Grant.find(grantId);
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: false } },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && idTokenTtl !== null && typeof ctx.body?.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: withTtl(ctx.body.id_token) };
    }
  });
  return provider;
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

// The login step of an authorization request: the form, and what it posts.
async function interaction(req, res, url) {
  const [, , uid, step] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid || details.prompt.name !== 'login') {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected interaction ${details.prompt.name}\n`);
  } else if (req.method === 'GET' && step === undefined) {
    const form = `<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label>Email <input type="text" name="login" autocomplete="username" required autofocus></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password"></label></p>
<p><button type="submit">Sign in</button></p>
</form>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page('Sign in to the test provider', form));
  } else if (req.method === 'POST' && step === 'login') {
    const email = ((await readForm(req)).get('login') ?? '').trim().toLowerCase();
    if (!email) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('login is required\n');
      return;
    }
    const sub = subjectOf(email);
    accounts.set(sub, email);
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  } else {
    res.writeHead(405).end();
  }
}

let provider = null;
let handle = null;

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname.startsWith('/interaction/')) {
    interaction(req, res, url).catch((error) => {
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'text/plain' });
      }
      res.end(`${error.name}: ${error.message}\n`);
    });
    return;
  }
  if (url.pathname.startsWith('/test/')) {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
    } else if (url.pathname === '/test/rotate-keys') {
      signingKey = newSigningKey();
      provider = newProvider(provider.issuer);
      handle = provider.callback();
      res.writeHead(204).end();
    } else if (url.pathname === '/test/id-token-ttl') {
      const seconds = Number(url.searchParams.get('seconds'));
      if (!Number.isSafeInteger(seconds)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('seconds must be a whole number\n');
      } else {
        idTokenTtl = seconds;
        res.writeHead(204).end();
      }
    } else {
      res.writeHead(404).end();
    }
    return;
  }
  handle(req, res);
});

server.listen(Number(args.port), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = newProvider(issuer);
  handle = provider.callback();
  process.stdout.write(`listening ${issuer}\n`);
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
