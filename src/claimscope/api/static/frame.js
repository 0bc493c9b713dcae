(function () {
  function size() { parent.postMessage({ claimscopeHeight: document.documentElement.scrollHeight }, '*'); }
  window.addEventListener('load', size);
  if (window.ResizeObserver) { new ResizeObserver(size).observe(document.body); }
  document.addEventListener('toggle', size, true);
})();
