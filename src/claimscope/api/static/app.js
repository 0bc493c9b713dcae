// claimscope web view: no build step, no third-party code. The dossier is the HTML report
// rendered by the server (claimscope.report.to_html), shown in a sandboxed frame.
(function () {
  'use strict';
  var TOKEN_KEY = 'claimscope-token';
  var $ = function (id) { return document.getElementById(id); };
  var form, frameScript = null, currentId = null, health = null;

  function token() { return ($('token') && $('token').value) || sessionStorage.getItem(TOKEN_KEY) || ''; }

  function headers(extra) {
    var h = extra || {};
    var t = token();
    if (t) { h.Authorization = 'Bearer ' + t; }
    return h;
  }

  function apiError(response) {
    return response.text().then(function (body) {
      var message = 'HTTP ' + response.status;
      try {
        var e = JSON.parse(body).error;
        if (e) { message = e.code + ': ' + e.message; }
      } catch (ignore) { /* not the envelope */ }
      var err = new Error(message);
      err.status = response.status;
      throw err;
    });
  }

  function api(path, options) {
    options = options || {};
    options.headers = headers(options.headers);
    return fetch(path, options).then(function (r) { return r.ok ? r : apiError(r); });
  }

  function showError(message) {
    var box = $('error');
    box.textContent = message;
    box.hidden = false;
  }

  function checkHealth() {
    return fetch('/healthz').then(function (r) { return r.json(); }).then(function (h) {
      health = h;
      $('token-field').hidden = !h.auth;
      if (h.auth && !$('token').value) { $('token').value = sessionStorage.getItem(TOKEN_KEY) || ''; }
      $('health').textContent = 'server ' + h.version + ' · models ' + h.models +
        (h.store ? ' · store on' : '');
      return h;
    }).catch(function () { $('health').textContent = 'server unreachable'; });
  }

  function loadFrameScript() {
    if (frameScript !== null) { return Promise.resolve(frameScript); }
    return fetch('/static/frame.js').then(function (r) { return r.text(); }).then(function (s) {
      frameScript = s;
      return s;
    });
  }

  // progress: indeterminate until the server names the stages, then "stage k of n"
  var job = null;

  function startProgress() {
    var started = performance.now();
    var status = $('status'), text = $('status-text'), bar = $('progress');
    job = null;
    bar.removeAttribute('value');
    status.hidden = false;
    $('error').hidden = true;
    $('submit').disabled = true;
    form.setAttribute('aria-busy', 'true');
    var tick = function () {
      var seconds = ((performance.now() - started) / 1000).toFixed(1);
      var loading = health && health.models === 'loading' ? ' (loading the models: the first analysis takes longer)' : '';
      var stage = 'Analysing…';
      if (job && job.total) {
        bar.max = job.total;
        bar.value = job.done;
        stage = 'Step ' + job.done + ' of ' + job.total + ': ' + job.stage + '…';
      } else if (job) {
        stage = job.stage.charAt(0).toUpperCase() + job.stage.slice(1) + '…';
      }
      text.textContent = stage + ' ' + seconds + ' s' + loading;
    };
    tick();
    var timer = setInterval(tick, 200);
    var poll = setInterval(checkHealth, 3000);
    return function stop() {
      clearInterval(timer);
      clearInterval(poll);
      status.hidden = true;
      $('submit').disabled = false;
      form.removeAttribute('aria-busy');
    };
  }

  function waitForJob(started) {
    return new Promise(function (resolve, reject) {
      var poll = function () {
        api('/api/jobs/' + encodeURIComponent(started.job)).then(function (r) { return r.json(); }).then(function (state) {
          job = state;
          if (state.state === 'done') { resolve(state); return; }
          if (state.state === 'failed') {
            var err = new Error(state.error.code + ': ' + state.error.message);
            err.status = state.status;
            reject(err);
            return;
          }
          setTimeout(poll, 400);
        }).catch(reject);
      };
      job = started;
      poll();
    });
  }

  function looksLikeHtml(s) { return /^\s*(<!doctype|<html|<head|<body|<article|<div|<p[\s>])/i.test(s); }

  function showDossier(id, html) {
    return loadFrameScript().then(function (script) {
      currentId = id;
      var link = '/a/' + encodeURIComponent(id);
      var a = $('permalink');
      a.href = link;
      a.textContent = location.origin + link;
      var doc = html.replace(/<\/body>\s*<\/html>\s*$/i, '<script>' + script + '</script></body></html>');
      var frame = $('dossier');
      frame.srcdoc = doc;
      $('result').hidden = false;
      form.hidden = true;
      frame.setAttribute('data-analysis', id);
    });
  }

  function loadById(id) {
    var stop = startProgress();
    return api('/api/analyses/' + encodeURIComponent(id) + '?format=html')
      .then(function (r) { return r.text(); })
      .then(function (html) { return showDossier(id, html); })
      .catch(function (e) {
        showError(e.message);
        form.hidden = false;
        if (e.status === 401) { $('token-field').hidden = false; $('token').focus(); }
      })
      .then(stop, stop);
  }

  function submit(event) {
    event.preventDefault();
    var url = $('url').value.trim(), text = $('text').value, lang = $('lang').value;
    if (!url && !text.trim()) {
      showError('Give a link or paste the article text.');
      $('url').focus();
      return;
    }
    if ($('token').value) { sessionStorage.setItem(TOKEN_KEY, $('token').value); }
    var body = url ? { url: url } : (looksLikeHtml(text) ? { html: text } : { text: text });
    if (lang) { body.lang = lang; }
    var stop = startProgress();
    api('/api/jobs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(waitForJob).then(function (done) {
      var id = done.analysis;
      return api('/api/analyses/' + encodeURIComponent(id) + '?format=html').then(function (r) {
        return r.text();
      }).then(function (html) {
        history.pushState({ id: id }, '', '/a/' + encodeURIComponent(id));
        return showDossier(id, html);
      });
    }).then(function () {
      $('result-title').focus();
    }).catch(function (e) {
      showError(e.message);
      if (e.status === 401) { $('token-field').hidden = false; $('token').focus(); }
    }).then(stop, stop);
  }

  var EXT = { json: 'json', md: 'md', stix: 'stix.json' };

  function download(fmt) {
    if (!currentId) { return; }
    api('/api/analyses/' + encodeURIComponent(currentId) + '?format=' + fmt)
      .then(function (r) { return r.blob(); })
      .then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'claimscope-' + currentId + '.' + EXT[fmt];
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      })
      .catch(function (e) { showError(e.message); });
  }

  function route() {
    var m = /^\/a\/([^/]+)$/.exec(location.pathname);
    if (m) {
      form.hidden = true;
      loadById(decodeURIComponent(m[1]));
    } else {
      $('result').hidden = true;
      form.hidden = false;
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    form = $('analyze');
    $('result-title').setAttribute('tabindex', '-1');
    form.addEventListener('submit', submit);
    document.querySelectorAll('[data-download]').forEach(function (b) {
      b.addEventListener('click', function () { download(b.getAttribute('data-download')); });
    });
    $('copy-link').addEventListener('click', function () {
      var link = $('permalink').textContent;
      if (navigator.clipboard) { navigator.clipboard.writeText(link).catch(function () {}); }
    });
    window.addEventListener('message', function (event) {
      var frame = $('dossier');
      if (event.source !== frame.contentWindow || !event.data) { return; }
      if (typeof event.data.claimscopeHeight === 'number') {
        frame.style.height = Math.min(event.data.claimscopeHeight + 8, 200000) + 'px';
      }
      if (typeof event.data.claimscopeScrollTo === 'number') {
        var top = frame.getBoundingClientRect().top + window.scrollY + event.data.claimscopeScrollTo;
        window.scrollTo({ top: Math.max(0, top - 8), behavior: 'smooth' });
      }
    });
    $('new-analysis').addEventListener('click', function () {
      history.pushState({}, '', '/');
      route();
      $('error').hidden = true;
      $('url').focus();
    });
    window.addEventListener('popstate', route);
    checkHealth().then(route);
  });
})();
