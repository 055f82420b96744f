/**
 * The proxy configurations of docs/protecting-apps.md, filled in with the test's
 * ports and folders. Keep the two in step: these are what the tests prove.
 */
import { nginxMainConf } from "@/test/support/nginx";

export type Ports = { gatehouse: number; nginx: number; caddy: number; radicale: number; echo: number };

const STRIP_X_REMOTE_USER = `
      proxy_set_header X-Remote-User "";`;

const SET_X_REMOTE_USER = `
      # Radicale trusts X-Remote-User (its http_x_remote_user auth).
      proxy_set_header X-Remote-User $gatehouse_user;`;

/** A certificate for *.gatehouse.test (made by the test) when nginx serves https. */
export type Tls = { cert: string; key: string };

/**
 * nginx auth_request: one server per app; the verify subrequest, the sign-in
 * redirect, Remote-* stripped and set. With `tls`, every server (and Gatehouse
 * itself, as auth.gatehouse.test) is served over https.
 */
export function nginxConf(dir: string, p: Ports, tls?: Tls): string {
  const listen = tls
    ? `listen 127.0.0.1:${p.nginx} ssl;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};`
    : `listen 127.0.0.1:${p.nginx};`;
  const gatehouse = tls
    ? `
  server {
    ${listen}
    server_name auth.gatehouse.test;

    location / {
      proxy_pass http://127.0.0.1:${p.gatehouse};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`
    : "";
  const app = (host: string, upstream: number, extra: string) => `
  server {
    ${listen}
    server_name ${host};

    location / {
      auth_request /gatehouse-verify;
      auth_request_set $gatehouse_user $upstream_http_remote_user;
      auth_request_set $gatehouse_name $upstream_http_remote_name;
      auth_request_set $gatehouse_email $upstream_http_remote_email;
      auth_request_set $gatehouse_groups $upstream_http_remote_groups;
      auth_request_set $gatehouse_methods $upstream_http_remote_auth_methods;
      auth_request_set $gatehouse_location $upstream_http_location;
      auth_request_set $gatehouse_status $upstream_status;
      auth_request_set $gatehouse_retry $upstream_http_retry_after;
      error_page 401 = @gatehouse_401;
      error_page 500 = @gatehouse_error;

      # Whatever the client sent under these names is replaced (empty = not sent).
      proxy_set_header Remote-User $gatehouse_user;
      proxy_set_header Remote-Name $gatehouse_name;
      proxy_set_header Remote-Email $gatehouse_email;
      proxy_set_header Remote-Groups $gatehouse_groups;
      proxy_set_header Remote-Auth-Methods $gatehouse_methods;${extra}
      proxy_pass http://127.0.0.1:${upstream};
    }

    location = /gatehouse-verify {
      internal;
      proxy_pass http://127.0.0.1:${p.gatehouse}/api/v1/auth-request;
      proxy_method GET;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Forwarded-For $remote_addr;
    }

    # A browser goes to the sign-in page; a client gets Gatehouse's Basic challenge.
    location @gatehouse_401 {
      if ($gatehouse_location) {
        return 302 $gatehouse_location;
      }
      return 401;
    }

    # nginx turns any answer but 2xx/401/403 into 500: give back Gatehouse's 429 and 400.
    location @gatehouse_error {
      if ($gatehouse_status = 429) {
        add_header Retry-After $gatehouse_retry always;
        return 429;
      }
      if ($gatehouse_status = 400) {
        return 400;
      }
      return 500;
    }
  }`;
  const apps = `${app("cal.gatehouse.test", p.radicale, SET_X_REMOTE_USER)}
${app("echo.gatehouse.test", p.echo, STRIP_X_REMOTE_USER)}
${app("wiki.gatehouse.test", p.echo, STRIP_X_REMOTE_USER)}
${app("files.gatehouse.test", p.echo, STRIP_X_REMOTE_USER)}`;
  return nginxMainConf(dir, apps + gatehouse);
}

/**
 * Caddy forward_auth: client-sent Remote-* removed first, then Gatehouse's copied
 * in. `route` keeps that order (Caddy would otherwise run forward_auth before
 * request_header, deleting Gatehouse's headers instead of the client's).
 */
export function caddyfile(p: Ports): string {
  const app = (host: string, upstream: number, extra: string) => `
http://${host}:${p.caddy} {
	route {
		request_header -Remote-User
		request_header -Remote-Name
		request_header -Remote-Email
		request_header -Remote-Groups
		request_header -Remote-Auth-Methods
		request_header -X-Remote-User
		forward_auth 127.0.0.1:${p.gatehouse} {
			uri /api/v1/forward-auth
			copy_headers Remote-User Remote-Name Remote-Email Remote-Groups Remote-Auth-Methods
		}
		reverse_proxy 127.0.0.1:${upstream}${extra}
	}
}`;
  return `{
	admin off
	auto_https off
}
${app(
  "cal.gatehouse.test",
  p.radicale,
  ` {
			header_up X-Remote-User {http.request.header.Remote-User}
		}`,
)}
${app("echo.gatehouse.test", p.echo, "")}
${app("wiki.gatehouse.test", p.echo, "")}
${app("files.gatehouse.test", p.echo, "")}
`;
}

/** Radicale trusting the X-Remote-User the proxy sets; each user sees only their own collections. */
export function radicaleConf(dir: string, p: Ports): string {
  return `[server]
hosts = 127.0.0.1:${p.radicale}

[auth]
type = http_x_remote_user

[rights]
type = owner_only

[storage]
filesystem_folder = ${dir}/collections

[logging]
level = warning
`;
}
