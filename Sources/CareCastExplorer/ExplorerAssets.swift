/// The explorer's style sheet and script, served from the same origin (the page's
/// Content-Security-Policy allows nothing else): no web font, CDN or remote script.
public enum ExplorerAssets {
    /// The page's Content-Security-Policy: only this origin's style sheet, script and requests.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    public static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#0b0c0c;background:#fff;line-height:1.45}
    header,main{max-width:1400px;margin:0 auto;padding:0 1rem}
    main{display:grid;grid-template-columns:minmax(18rem,24rem) 1fr;gap:1.5rem}
    @media (max-width:900px){main{grid-template-columns:1fr}}
    h1{font-size:1.6rem}
    .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#ffdd00;padding:.5rem;z-index:2}
    a{color:#1d4f91}a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #ffdd00;outline-offset:2px;box-shadow:0 0 0 5px #0b0c0c}
    fieldset{border:1px solid #b1b4b6;margin:0 0 1rem;padding:.5rem .75rem}
    legend{font-weight:700}
    .lever,.field{margin:.5rem 0 .9rem}
    select,input[type=number]{max-width:100%;font-size:1rem}
    .lever label,.field label{display:block;font-weight:600}
    .lever input[type=range]{width:70%;vertical-align:middle}
    .lever output{display:inline-block;min-width:6rem;font-weight:700;margin-left:.5rem}
    .help,.note{font-size:.9rem;color:#3d3d3d;margin:.2rem 0}
    button{background:#00703c;color:#fff;border:0;padding:.6rem 1rem;font-size:1rem;cursor:pointer}
    .reset{margin-left:1rem}
    .banner{background:#fff7bf;border-left:6px solid #ffdd00;padding:.75rem}
    #results[aria-busy=true]{outline:3px dashed #505a5f;outline-offset:4px}
    #results[aria-busy=true]::before{content:"Updating the projection…";display:block;font-weight:700;background:#ffdd00;color:#0b0c0c;padding:.4rem}
    .status{font-weight:600;margin:.5rem 0}
    #presets{border:1px solid #b1b4b6;padding:.5rem .75rem;margin:0 0 1rem}
    table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
    caption{text-align:left;font-weight:600;padding:.3rem 0}
    th,td{border-bottom:1px solid #d9d9d9;padding:.25rem .5rem;text-align:left}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    .chart-pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
    @media (max-width:1100px){.chart-pair{grid-template-columns:1fr}}
    .chart-pair-table{max-height:28rem;overflow:auto}
    svg.chart{width:100%;height:auto}
    svg a:focus polygon{stroke:#0b0c0c;stroke-width:4}
    figure{margin:.5rem 0}
    pre{background:#f3f2f1;padding:.5rem;overflow:auto;white-space:pre-wrap}
    """

    /// Progressive enhancement: as a lever moves, the results are fetched (the form's own query,
    /// to `/explore/fragment`) and swapped in; a newer move aborts the request in flight, so
    /// stale runs are never queued; the address bar and permalink follow.
    public static let js = """
    (function () {
      'use strict';
      var form = document.getElementById('levers');
      if (!form || !window.fetch || !window.URLSearchParams) return;
      var results = document.getElementById('results');
      var pending = null, timer = null;
      function describe(input) {
        var v = parseFloat(input.value), kind = input.getAttribute('data-kind');
        if (kind === 'factor') return v.toFixed(2) + '\\u00d7';
        if (kind === 'share') return Math.round(v * 100) + '%';
        if (kind === 'rate') return (v > 0 ? '+' : '') + (v * 100).toFixed(2) + '% a year';
        return input.value;
      }
      function query() {
        var params = new URLSearchParams();
        var data = new FormData(form);
        data.forEach(function (value, name) {
          var input = form.elements[name];
          if (name === 'preset' && !value) return;
          if (input && input.getAttribute && input.getAttribute('data-default') === value) return;
          params.append(name, value);
        });
        return params.toString();
      }
      function update() {
        var q = query();
        if (pending) pending.abort();
        var controller = new AbortController();
        pending = controller;
        results.setAttribute('aria-busy', 'true');
        fetch('/explore/fragment?' + q, { signal: controller.signal, headers: { 'Accept': 'text/html' } })
          .then(function (response) {
            if (!response.ok) return response.json().then(function (p) { throw new Error(p.detail || response.statusText); });
            return response.text();
          })
          .then(function (html) {
            if (pending !== controller) return;
            var holder = document.createElement('div');
            holder.innerHTML = html;
            var fresh = holder.querySelector('#results');
            if (fresh) {
              results.replaceWith(fresh);
              results = fresh;
              var link = document.getElementById('permalink');
              if (link) history.replaceState(null, '', link.getAttribute('href'));
              // One sentence for screen readers, in the status region outside the results.
              var status = document.getElementById('status');
              if (status) status.textContent = fresh.getAttribute('data-status') || '';
            }
            pending = null;
            results.setAttribute('aria-busy', 'false');
          })
          .catch(function (error) {
            if (error.name === 'AbortError') return;
            pending = null;
            results.setAttribute('aria-busy', 'false');
            var old = document.getElementById('update-error');
            if (old) old.remove();
            var p = document.createElement('p');
            p.className = 'banner';
            p.id = 'update-error';
            p.setAttribute('role', 'alert');
            p.textContent = 'The projection could not be updated: ' + error.message;
            results.prepend(p);
          });
      }
      function changed(input) {
        if (input.type === 'range') {
          var out = document.getElementById(input.id + '-out');
          var text = describe(input);
          if (out) out.textContent = text;
          input.setAttribute('aria-valuetext', text);
        }
        if (timer) clearTimeout(timer);
        timer = setTimeout(update, 150);
      }
      // Sliders and menus update as they move; the draws and seed fields once they are left
      // (a number typed digit by digit is not a run per digit).
      form.addEventListener('input', function (event) {
        if (event.target.type !== 'number') changed(event.target);
      });
      form.addEventListener('change', function (event) {
        if (event.target.type === 'number') changed(event.target);
      });
    })();
    """
}
