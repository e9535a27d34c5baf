extension HTMLRunReport {
    /// The page's style sheet: system fonts only (nothing is fetched), status colours shared by
    /// badges, graph boxes and timeline bars.
    static let styleSheet = """
        :root { --ok: #1a7f37; --fail: #cf222e; --skip: #8c959f; --run: #9a6700; --stop: #bc4c00;
          --line: #d0d7de; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
          background: var(--bg); }
        header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); background: var(--panel); }
        header h1 { margin: 0; font-size: 22px; }
        .subtitle { margin: 2px 0 6px; color: var(--muted); }
        nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
        main { padding: 8px 24px 48px; max-width: 1280px; }
        h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
        h4 { margin: 14px 0 6px; } h5 { margin: 10px 0 4px; font-size: 13px; }
        code, pre { font: 12.5px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
          overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
        pre.error { background: #ffebe9; border-color: #ff8182; }
        .clip { color: var(--muted); font-style: italic; }
        dl.summary, dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
          gap: 6px 18px; margin: 8px 0; }
        dl div { min-width: 0; } dt { color: var(--muted); font-size: 12px; } dd { margin: 0; overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          background: var(--panel); border: 1px solid var(--line); vertical-align: middle; }
        .badge.status-succeeded { background: #dafbe1; color: var(--ok); border-color: #aceebb; }
        .badge.status-failed { background: #ffebe9; color: var(--fail); border-color: #ff8182; }
        .badge.status-running, .badge.status-interrupted { background: #fff8c5; color: var(--run); }
        .badge.status-budget-stopped, .badge.status-cancelled { background: #fff1e5; color: var(--stop); }
        .badge.synthetic { background: #fbefff; color: #8250df; border-color: #d8b9ff; }
        .badge.cache { background: #ddf4ff; color: var(--accent); border-color: #80ccff; }
        .synthetic-banner { background: #fbefff; border: 1px solid #d8b9ff; border-radius: 6px; padding: 6px 10px;
          margin: 6px 0; }
        article.step { border: 1px solid var(--line); border-left: 5px solid var(--skip); border-radius: 6px;
          padding: 4px 14px 12px; margin: 14px 0; }
        article.step.status-succeeded { border-left-color: var(--ok); }
        article.step.status-failed { border-left-color: var(--fail); }
        article.step h3 a { color: inherit; text-decoration: none; }
        details > summary { cursor: pointer; font-weight: 600; }
        details.item { border-bottom: 1px solid var(--line); padding: 4px 0; }
        details.item > summary { font-weight: normal; }
        .index { display: inline-block; min-width: 48px; font-family: ui-monospace, monospace; color: var(--muted); }
        table.attempts { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 8px; }
        table.attempts th, table.attempts td { border-bottom: 1px solid var(--line); padding: 3px 6px;
          text-align: left; vertical-align: top; }
        table.attempts th { color: var(--muted); font-weight: 600; }
        tr.attempt.status-failed td { color: var(--fail); }
        .note { margin: 2px 0; padding: 2px 8px; border-left: 3px solid var(--run); background: #fff8c5; }
        .note-fell-back { border-left-color: var(--stop); background: #fff1e5; }
        .note-circuit-breaker, .note-account-disabled { border-left-color: var(--fail); background: #ffebe9; }
        .pager-controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
        .pager-controls button { padding: 2px 10px; }
        .pager-controls input { width: 90px; }
        .caption { color: var(--muted); font-size: 12px; }
        svg { max-width: 100%; height: auto; display: block; }
        svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
        svg text.axis, svg text.small { fill: var(--muted); font-size: 11px; }
        svg .node rect { fill: #f6f8fa; stroke: var(--skip); stroke-width: 2; }
        svg .node.status-succeeded rect { stroke: var(--ok); fill: #dafbe1; }
        svg .node.status-failed rect { stroke: var(--fail); fill: #ffebe9; }
        svg .edge { fill: none; stroke: #8c959f; stroke-width: 1.5; } svg .arrowhead { fill: #8c959f; }
        svg .bar rect { fill: var(--skip); } svg .bar.status-succeeded rect { fill: var(--ok); }
        svg .bar.status-failed rect { fill: var(--fail); } svg .bar.status-running rect { fill: var(--run); }
        svg .item-lanes { stroke: #4ac26b; stroke-width: 3; fill: none; }
        svg .item-lanes.failed { stroke: var(--fail); }
        """

    /// The page's script. It renders the fan-out items beyond the expanded ones from the embedded
    /// JSON, a page at a time, with DOM text nodes only (never `innerHTML`), and checks itself:
    /// when the page rendered without a script error or a blocked request, the root element gets
    /// `data-report-check="ok"` (and `data-ready-ms`, the time from navigation to the end of the
    /// script); `scripts/check-report.sh` looks for that marker.
    static let script = """
        (function () {
          "use strict";
          var root = document.documentElement;
          var problems = [];
          function mark() {
            root.setAttribute("data-report-check", problems.length ? "failed: " + problems.join("; ") : "ok");
          }
          window.addEventListener("error", function (event) { problems.push("script error: " + event.message); mark(); });
          document.addEventListener("securitypolicyviolation", function (event) {
            problems.push("blocked: " + event.blockedURI); mark();
          });
          window.addEventListener("load", function () {
            root.setAttribute("data-load-ms", String(Math.round(performance.now())));
          });
          var data;
          try {
            data = JSON.parse(document.getElementById("run-data").textContent);
          } catch (error) {
            problems.push("run data: " + error.message); mark(); return;
          }
          var settings = data.report;

          function node(tag, className, text) {
            var element = document.createElement(tag);
            if (className) { element.className = className; }
            if (text !== undefined && text !== null) { element.textContent = String(text); }
            return element;
          }
          function milliseconds(value) {
            if (value === null || value === undefined) { return "\\u2014"; }
            return value < 1000 ? Math.round(value) + "ms" : Math.round(value / 100) / 10 + "s";
          }
          function money(value) { return value === null || value === undefined ? "\\u2014" : "$" + value.toFixed(4); }
          function text(value) { return typeof value === "string" ? value : JSON.stringify(value, null, 2); }
          function prompt(request) {
            if (request && Array.isArray(request.messages)) {
              return request.messages.map(function (message) {
                return "--- " + (message.role || "message") + " ---\\n" + (message.content || "");
              }).join("\\n");
            }
            if (request && typeof request === "object") {
              return Object.keys(request).map(function (key) {
                return "--- " + key + " ---\\n" + text(request[key]);
              }).join("\\n");
            }
            return text(request);
          }
          function failure(error) {
            if (!error || typeof error !== "object") { return text(error); }
            return (error.code ? error.code + ": " : "") + (error.message || "") + (error.hint ? "\\nhint: " + error.hint : "");
          }
          function badge(className, label) { return node("span", "badge " + className, label); }

          function attemptTable(attempts, notes) {
            var table = node("table", "attempts");
            var head = node("tr");
            ["#", "model", "status", "latency", "first token", "tokens in / out", "cost", "limiter wait", "provenance"]
              .forEach(function (title) { head.appendChild(node("th", null, title)); });
            table.appendChild(node("thead")).appendChild(head);
            var body = table.appendChild(node("tbody"));
            attempts.forEach(function (attempt) {
              var row = node("tr", "attempt status-" + attempt.status);
              row.setAttribute("data-attempt", String(attempt.number));
              row.setAttribute("data-synthetic", String(attempt.synthetic));
              var tokens = (attempt.input_tokens === null ? "\\u2014" : attempt.input_tokens) + " / " +
                (attempt.output_tokens === null ? "\\u2014" : attempt.output_tokens);
              var status = attempt.status + (attempt.http_status ? " HTTP " + attempt.http_status : "");
              [attempt.number, attempt.provider + "/" + attempt.model, status, milliseconds(attempt.latency_ms),
                milliseconds(attempt.first_token_ms), tokens, money(attempt.cost_usd), milliseconds(attempt.limiter_wait_ms)]
                .forEach(function (cell) { row.appendChild(node("td", null, cell)); });
              var provenance = row.appendChild(node("td"));
              if (attempt.synthetic) { provenance.appendChild(badge("synthetic", "synthetic")); }
              if (attempt.from_cache) { provenance.appendChild(badge("cache", "cache hit")); }
              if (!attempt.synthetic && !attempt.from_cache) { provenance.textContent = "model"; }
              body.appendChild(row);
              var detail = node("td");
              detail.colSpan = 9;
              if (attempt.error) { detail.appendChild(node("pre", "error", failure(attempt.error))); }
              notes.filter(function (note) { return note.attempt === attempt.number; }).forEach(function (note) {
                var line = detail.appendChild(node("p", "note note-" + note.kind));
                line.appendChild(node("strong", null, note.kind));
                line.appendChild(document.createTextNode(
                  (note.delay_ms !== null ? " after " + milliseconds(note.delay_ms) : "") + ": " + note.message));
              });
              if (attempt.response_text) {
                var response = detail.appendChild(node("details"));
                response.appendChild(node("summary", null, "response"));
                response.appendChild(node("pre", "output", attempt.response_text));
              }
              if (detail.childNodes.length) { body.appendChild(node("tr", "attempt-detail")).appendChild(detail); }
            });
            return table;
          }

          function fillItem(details, item, notes) {
            if (details.getAttribute("data-filled")) { return; }
            details.setAttribute("data-filled", "true");
            if (item.input !== null) { details.appendChild(node("h5", null, "Input")); details.appendChild(node("pre", "json", text(item.input))); }
            if (item.error) { details.appendChild(node("pre", "error", failure(item.error))); }
            if (item.attempts.length) {
              details.appendChild(node("h5", null, "Prompt"));
              details.appendChild(node("pre", "prompt", prompt(item.attempts[0].request)));
            }
            if (item.output !== null) { details.appendChild(node("h5", null, "Output")); details.appendChild(node("pre", "output", text(item.output))); }
            if (item.attempts.length) {
              details.appendChild(node("h5", null, "Attempts"));
              details.appendChild(attemptTable(item.attempts, notes));
            }
          }

          function renderItem(step, item, notes) {
            var details = node("details", "item status-" + item.status);
            details.id = "item-" + step.anchor + "-" + item.index;
            var summary = details.appendChild(node("summary"));
            summary.appendChild(node("span", "index", "#" + item.index));
            summary.appendChild(document.createTextNode(" "));
            summary.appendChild(badge("status-" + item.status, item.status));
            var tokens = 0, cost = 0, synthetic = false;
            item.attempts.forEach(function (attempt) {
              synthetic = synthetic || attempt.synthetic;
              if (!attempt.from_cache) {
                tokens += (attempt.input_tokens || 0) + (attempt.output_tokens || 0);
                cost += attempt.cost_usd || 0;
              }
            });
            var took = item.duration_ms === null ? "" : " " + milliseconds(item.duration_ms);
            summary.appendChild(document.createTextNode(took + " \\u00b7 " + tokens + " tokens \\u00b7 " + money(cost) +
              (item.attempts.length > 1 ? " \\u00b7 " + item.attempts.length + " attempts" : "")));
            if (synthetic) { summary.appendChild(document.createTextNode(" ")); summary.appendChild(badge("synthetic", "synthetic")); }
            details.addEventListener("toggle", function () { if (details.open) { fillItem(details, item, notes); } });
            return details;
          }

          function setUpPager(pager, step) {
            var rest = step.items.slice(settings.expanded_items);
            var perPage = settings.items_per_page;
            var pages = Math.max(1, Math.ceil(rest.length / perPage));
            var notes = data.notes.filter(function (note) { return note.step === step.name; });
            var controls = node("div", "pager-controls");
            var previous = controls.appendChild(node("button", null, "\\u2190 previous"));
            var label = controls.appendChild(node("span"));
            var next = controls.appendChild(node("button", null, "next \\u2192"));
            controls.appendChild(node("label", null, "go to item #"));
            var jump = controls.appendChild(node("input"));
            jump.type = "number"; jump.min = "0"; jump.max = String(step.items.length - 1);
            var list = node("div", "items");
            var current = 0;
            function show(page) {
              current = Math.min(Math.max(page, 0), pages - 1);
              var slice = rest.slice(current * perPage, (current + 1) * perPage);
              list.textContent = "";
              slice.forEach(function (item) {
                list.appendChild(renderItem(step, item, notes.filter(function (note) { return note.item === item.index; })));
              });
              label.textContent = slice.length ? "items #" + slice[0].index + "\\u2013#" + slice[slice.length - 1].index +
                " of " + step.items.length + " (page " + (current + 1) + " of " + pages + ")" : "no more items";
              previous.disabled = current === 0;
              next.disabled = current === pages - 1;
            }
            previous.addEventListener("click", function () { show(current - 1); });
            next.addEventListener("click", function () { show(current + 1); });
            jump.addEventListener("change", function () {
              var index = Number(jump.value);
              var position = -1;
              step.items.forEach(function (item, at) { if (item.index === index) { position = at; } });
              if (position < 0) { return; }
              if (position >= settings.expanded_items) { show(Math.floor((position - settings.expanded_items) / perPage)); }
              var target = document.getElementById("item-" + step.anchor + "-" + index);
              if (target) { target.open = true; target.scrollIntoView(); }
            });
            pager.textContent = "";
            pager.appendChild(controls);
            pager.appendChild(list);
            show(0);
            return list;
          }

          data.steps.forEach(function (step) {
            if (!document.getElementById("step-" + step.anchor)) { problems.push("no section for step " + step.name); }
            var pager = document.getElementById("pager-" + step.anchor);
            if (!pager) { return; }
            var list = setUpPager(pager, step);
            var expected = Math.min(settings.items_per_page, Math.max(0, step.items.length - settings.expanded_items));
            if (list.children.length !== expected) { problems.push("step " + step.name + " shows " + list.children.length + " of " + expected + " items"); }
            var first = list.firstElementChild;
            if (first) {
              var item = step.items[settings.expanded_items];
              fillItem(first, item, []);
              if (!first.querySelector("pre, table")) { problems.push("item " + item.index + " of " + step.name + " rendered empty"); }
            }
          });
          root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
          mark();
        })();
        """
}
