// A real OpenID Connect provider for the browser test of the upload page (oauth2-mock-server from the npm
// registry): it signs ID tokens with a fresh RSA key and signs in whoever asks as the e-mail address given.
// Usage: node tests/oidc/provider.mjs PORT EMAIL. Prints "ready <issuer url>" when it listens on 127.0.0.1.
import { OAuth2Server } from 'oauth2-mock-server';
import basicAuth from 'basic-auth';

const [port, email] = process.argv.slice(2);
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeTokenSigning', (token, req) => {
  const credentials = basicAuth(req);
  token.payload.aud = credentials ? credentials.name : req.body.client_id;
  token.payload.email = email;
  token.payload.email_verified = true;
  token.payload.name = 'Test Officer';
});
server.service.on('beforeUserinfo', (response) => {
  response.body = { ...response.body, email, email_verified: true, name: 'Test Officer' };
});
await server.start(Number(port), '127.0.0.1');
server.issuer.url = `http://127.0.0.1:${port}`;
console.log(`ready ${server.issuer.url}`);
process.on('SIGTERM', async () => { await server.stop(); process.exit(0); });
