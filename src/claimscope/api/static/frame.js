(function () {
  function size() { parent.postMessage({ claimscopeHeight: document.documentElement.scrollHeight }, '*'); }
  window.addEventListener('load', size);
  if (window.ResizeObserver) { new ResizeObserver(size).observe(document.body); }
  document.addEventListener('toggle', size, true);
  // the frame is as tall as the report, so links within it scroll the page around it
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!target) { return; }
    event.preventDefault();
    parent.postMessage({ claimscopeScrollTo: target.getBoundingClientRect().top + window.scrollY }, '*');
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  });
})();
