// The OpenID Provider the browser tests sign in through: oidc-provider on loopback, with its development login and
// consent pages. Any password is accepted; the login name picks the app role the "roles" claim carries.
// Settings come from the environment: PORT, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, CLIENT_ID, CLIENT_SECRET.
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const roles = { admin: ["Portal.Admin"], operator: ["Portal.Operator"], reader: ["Portal.Reader"] };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
  }],
  pkce: { required: () => true },
  scopes: ["openid", "profile", "roles"],
  claims: { openid: ["sub"], profile: ["name"], roles: ["roles"] },
  // Put the profile and roles claims in the id_token itself: the portal reads the user from it.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, name: `${id} (oidc)`, roles: roles[id] ?? [] }),
  }),
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["adminportal-e2e-only"] },
});

provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
