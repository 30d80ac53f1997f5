/**
 * The page's stylesheet and script, served from their own routes: the page's Content-Security-Policy
 * allows scripts and styles from the api's origin only, never inline. Kept as strings so the build
 * (tsc) carries them without a copy step.
 */

/** Dark text on white (≥ 12:1), a navy accent (≥ 14:1 against white), a focus ring on everything focusable. */
export const FEEDBACK_PAGE_CSS = `:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1b1b1b; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.125rem; line-height: 1.5; }
.site { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 0.75rem 1rem; background: #0a2240; color: #ffffff; }
.site p { margin: 0; font-weight: 700; }
.site a { color: #ffffff; }
main { max-width: 38rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
a { color: #0a4a9e; text-decoration: underline; text-underline-offset: 0.15em; }
fieldset { margin: 1.5rem 0; padding: 0.75rem 1rem 1rem; border: 2px solid #595959; border-radius: 0.5rem; }
legend { padding: 0 0.25rem; font-weight: 700; }
.choice { display: flex; align-items: center; gap: 0.75rem; padding: 0.375rem 0; }
.choice input { flex: none; width: 1.5rem; height: 1.5rem; margin: 0; accent-color: #0a2240; }
.choice label { cursor: pointer; }
.field label { display: block; font-weight: 700; }
.hint { margin: 0.25rem 0 0.5rem; color: #3d3d3d; font-size: 1rem; }
input[type="date"], select { display: block; min-height: 2.75rem; margin-bottom: 0.75rem; padding: 0.375rem 0.5rem; border: 2px solid #595959; border-radius: 0.375rem; font: inherit; color: inherit; background: #ffffff; }
textarea { display: block; width: 100%; min-height: 8rem; padding: 0.5rem; border: 2px solid #595959; border-radius: 0.375rem; font: inherit; color: inherit; background: #ffffff; }
button { margin-top: 1.5rem; min-height: 2.75rem; padding: 0.625rem 1.5rem; border: 2px solid #0a2240; border-radius: 0.375rem; background: #0a2240; color: #ffffff; font: inherit; font-weight: 700; cursor: pointer; }
button:hover { background: #15407a; border-color: #15407a; }
button[hidden] { display: none; }
:disabled { cursor: not-allowed; }
:focus-visible { outline: 3px solid #0a2240; outline-offset: 3px; }
.site a:focus-visible { outline-color: #ffffff; }
.status { min-height: 1.5em; margin: 1.5rem 0 0; font-weight: 700; }
.status[data-kind="success"] { color: #14532d; }
.status[data-kind="error"] { color: #8a1c1c; }
table { width: 100%; margin: 0.5rem 0 1.5rem; border-collapse: collapse; }
caption { text-align: left; font-weight: 700; padding-bottom: 0.25rem; }
th, td { padding: 0.375rem 0.5rem; border-bottom: 1px solid #595959; text-align: left; vertical-align: top; }
td, th + th { text-align: right; white-space: nowrap; }
h2 { font-size: 1.375rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
.meta { margin-top: 0; color: #3d3d3d; font-size: 1rem; }
.actions li, .effect li, .topics li { margin-bottom: 0.75rem; }
`;

/** Sends the form with fetch, as JSON, and says the answer in the live region. Plain ES2017, no build step. */
export const FEEDBACK_PAGE_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('feedback-form');
  var status = document.getElementById('feedback-status');
  if (!form || !status || !window.fetch) return;
  var message = function (name) { return form.getAttribute('data-msg-' + name) || form.getAttribute('data-msg-failed'); };
  var say = function (text, kind) { status.setAttribute('data-kind', kind); status.textContent = text; };
  // After the answer: a link to what came of what callers said about the call's topic, when the receipt names one.
  var showReport = function (receipt) {
    var holder = document.getElementById('feedback-report');
    var topic = receipt && receipt.topic;
    if (!holder || !topic) return;
    var english = form.getAttribute('data-lang') === 'en';
    var link = document.createElement('a');
    link.href = '/what-came-of-it/' + encodeURIComponent(topic.key) + (english ? '?lang=en' : '');
    link.textContent = message('report').replace('{topic}', english ? topic.nameEn : topic.nameNb);
    holder.appendChild(link);
    holder.hidden = false;
  };
  var close = function () {
    var controls = form.querySelectorAll('input, textarea, button');
    for (var i = 0; i < controls.length; i++) controls[i].disabled = true;
    form.querySelector('button').hidden = true;
  };
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    var chosen = form.querySelector('input[name="score"]:checked');
    if (!chosen) {
      say(message('choose-score'), 'error');
      form.querySelector('input[name="score"]').focus();
      return;
    }
    var body = { score: Number(chosen.value) };
    var comment = form.querySelector('textarea[name="comment"]').value.trim();
    if (comment) body.comment = comment;
    form.setAttribute('aria-busy', 'true');
    say(message('sending'), 'info');
    fetch(form.getAttribute('data-api'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      if (response.ok) {
        close();
        say(message('thanks'), 'success');
        return response.json().then(showReport, function () {});
      }
      // A used, unknown or expired link will not get better by trying again.
      if (response.status === 404 || response.status === 409 || response.status === 410) close();
      say(message(String(response.status)), 'error');
    }, function () {
      say(message('offline'), 'error');
    }).then(function () {
      form.removeAttribute('aria-busy');
    });
  });
})();
`;
