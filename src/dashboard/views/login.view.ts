import { ErrorPageView, LoginPageView } from '../view-models';
import { html, SafeHtml } from './html';
import { page } from './layout';

function mark(): SafeHtml {
  return html`<svg viewBox="0 0 32 32" width="34" height="34" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="7" fill="currentColor"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

export function loginView(v: LoginPageView): string {
  const body = html`<div class="login-card">
<div class="login-brand">${mark()}<span>Evident</span></div>
<h1>Sign in to the control-gap dashboard</h1>
<p class="muted">Use an API token with the viewer, auditor, compliance or admin role, for example one made with <code>evident token create --role viewer --name "your name"</code>.</p>
${v.error ? html`<div class="alert alert--error" role="alert" id="login-error">${v.error}</div>` : null}
<form method="post" action="/login">
<input type="hidden" name="next" value="${v.next}">
<div class="field"><label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required autofocus${v.error ? html` aria-invalid="true" aria-describedby="login-error"` : null}></div>
<button type="submit" class="btn btn--primary">Sign in</button>
</form>
<p class="hint">The token is kept in an HttpOnly, SameSite=Strict session cookie for this browser session only. Signing out removes it.</p>
</div>`;
  return page({ title: 'Sign in', body, variant: 'login' });
}

export function errorView(v: ErrorPageView): string {
  const body = html`<div class="login-card">
<div class="login-brand">${mark()}<span>Evident</span></div>
<h1>${v.title}</h1>
<p class="alert alert--error" role="alert">${v.message}</p>
<p><a href="/controls">Back to the controls</a>${v.signedIn ? null : html` · <a href="/login">Sign in</a>`}</p>
${v.signedIn ? html`<form method="post" action="/logout"><button type="submit" class="btn">Sign out</button></form>` : null}
<p class="hint">HTTP ${v.status}</p>
</div>`;
  return page({ title: v.title, body, variant: 'login' });
}
