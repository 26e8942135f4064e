/*
 * budgetqa: answers Chinese questions about government budget documents.
 *
 * As a widget on a department's website, one script tag adds a floating
 * button that opens a chat panel:
 *
 *   <script src="https://host/widget.js" data-department="深圳市龙岗区信访局" data-year="2023"></script>
 *
 *   data-department  scope of the questions (a department's name, or part of it)
 *   data-year        fiscal year of the questions
 *   data-title       the panel's title (default 预算问答)
 *   data-label       the button's text (default 问预算)
 *   data-color       the theme colour, a CSS colour ("#c8161d"); default blue
 *   data-logo        address of a logo shown before the title
 *   data-welcome     the greeting of a new conversation
 *   data-disclaimer  a line under the input (答复仅供参考，以正式公开文件为准)
 *   data-host        the 主办单位 line under the input (the site's owner)
 *   data-position    "left" puts the button bottom left
 *   data-open        "true" opens the panel at once
 *   data-base        the API's address; default: where widget.js came from
 *   data-mount       a CSS selector: render the full chat page into that
 *                    element instead (index.html does this)
 *
 * window.BudgetQA.open(), .close() and .ask(question) drive the widget from
 * the host page. Under each answer 👍/👎 send feedback (POST /v1/feedback).
 *
 * Plain ES2017, no build step, no dependencies, nothing fetched but the API.
 * Every text that comes from the API or the user enters the page through
 * textContent or createTextNode, never innerHTML.
 */
(function () {
  'use strict';

  if (window.BudgetQA && window.BudgetQA.loaded) return;

  var script = document.currentScript || findScript();
  var data = (script && script.dataset) || {};
  var base = baseURL();
  var SVGNS = 'http://www.w3.org/2000/svg';
  var PHONE = '(max-width: 520px)';

  // findScript finds the script tag when document.currentScript is unset.
  function findScript() {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/(^|\/)widget\.js([?#]|$)/.test(all[i].src)) return all[i];
    }
    return null;
  }

  // baseURL is the folder widget.js was loaded from, ending in a slash.
  function baseURL() {
    var b = data.base || (script && script.src ? new URL('.', script.src).href : new URL('/', location.href).href);
    return b.charAt(b.length - 1) === '/' ? b : b + '/';
  }

  // ---- DOM helpers -------------------------------------------------------

  // h creates an element. props: class, text (as textContent), on<event>,
  // or attributes; kids: nodes and strings (as text), nested arrays.
  function h(tag, props, kids) {
    var el = document.createElement(tag);
    setProps(el, props);
    return append(el, kids);
  }

  // s creates an SVG element.
  function s(tag, props, kids) {
    var el = document.createElementNS(SVGNS, tag);
    setProps(el, props);
    return append(el, kids);
  }

  function setProps(el, props) {
    for (var k in props || {}) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(el, kids) {
    if (kids == null || kids === false) return el;
    if (!Array.isArray(kids)) kids = [kids];
    kids.forEach(function (c) {
      if (Array.isArray(c)) append(el, c);
      else if (c != null && c !== false) el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return el;
  }

  // fmtNumber adds thousands separators to a decimal string.
  function fmtNumber(v) {
    var m = /^(-?)(\d+)(\.\d+)?$/.exec(String(v));
    if (!m) return String(v);
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] || '');
  }

  // clip shortens text to n characters.
  function clip(text, n) {
    var r = Array.from(text || '');
    return r.length <= n ? text : r.slice(0, n - 1).join('') + '…';
  }

  // themeColor returns data-color when it is a CSS colour, else ''.
  function themeColor(v) {
    v = String(v || '').trim();
    return v && window.CSS && window.CSS.supports('color', v) ? v : '';
  }

  // themeStyle is the style attribute that sets the theme's colours.
  function themeStyle() {
    var c = themeColor(data.color);
    return c ? '--c:' + c + ';--c2:color-mix(in srgb,' + c + ' 12%,#fff);--c3:color-mix(in srgb,' + c + ' 35%,#fff)' : null;
  }

  function newSessionID() {
    var a = new Uint8Array(12);
    window.crypto.getRandomValues(a);
    return 'web-' + Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // ---- API ---------------------------------------------------------------

  // request fetches base+path and returns the JSON body, or throws an Error
  // whose message is fit to show (the server's Chinese message if any).
  function request(path, opts) {
    return fetch(base + path, opts).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (res.ok && body) return body;
        var msg = body && body.error && body.error.message;
        var err = new Error(msg || (res.status === 429 ? '提问太频繁了，请稍等片刻再试。' : '服务暂时无法回答，请稍后再试。'));
        err.status = res.status;
        err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
        throw err;
      });
    }, function (e) {
      if (e && e.name === 'AbortError') throw e;
      return refusedOrigin().then(function (refused) {
        var err = new Error(refused ?
          '本网站（' + location.origin + '）未获准调用预算问答服务。请网站管理员把这个网址加入服务端的允许列表（--cors-origins）。' :
          '网络连接出错，请检查网络后再试。');
        err.status = 0;
        err.cors = refused;
        throw err;
      });
    });
  }

  // refusedOrigin tells a network failure from the API refusing this page's
  // origin (CORS), which a script cannot see directly: when the server
  // answers a request that needs no permission, it is reachable, and the
  // failure was the permission.
  var corsCheck = null;
  function refusedOrigin() {
    if (new URL(base).origin === location.origin) return Promise.resolve(false);
    if (!corsCheck) {
      corsCheck = fetch(base + 'healthz', { mode: 'no-cors', cache: 'no-store' }).then(function () { return true; }, function () { return false; });
      corsCheck.then(function () { setTimeout(function () { corsCheck = null; }, 5000); });
    }
    return corsCheck;
  }

  function getJSON(path, params, signal) {
    var q = new URLSearchParams();
    for (var k in params || {}) {
      if (params[k] !== '' && params[k] != null) q.set(k, params[k]);
    }
    var qs = q.toString();
    return request(path + (qs ? '?' + qs : ''), { signal: signal, headers: { Accept: 'application/json' } });
  }

  function postJSON(path, body) {
    return request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  }

  var docCache = {};

  // loadDoc fetches a document with its tables, once.
  function loadDoc(id) {
    if (!docCache[id]) {
      docCache[id] = getJSON('v1/documents/' + encodeURIComponent(id));
      docCache[id].catch(function () { delete docCache[id]; });
    }
    return docCache[id];
  }

  // pageURL is the image of the printed page src cites, its box outlined.
  function pageURL(src, dpi) {
    var q = new URLSearchParams();
    if (dpi) q.set('dpi', dpi);
    if (src.box && src.box.length === 4) q.set('box', src.box.join(','));
    return base + 'v1/documents/' + encodeURIComponent(src.doc_id) + '/pages/' + src.page + '.png?' + q.toString();
  }

  // sourceURL is the chat page's address that opens src's table or passage.
  function sourceURL(src) {
    var q = new URLSearchParams();
    q.set('doc', src.doc_id);
    ['table', 'row', 'column', 'line'].forEach(function (k) { if (src[k]) q.set(k, src[k]); });
    return base + '?' + q.toString();
  }

  // ---- Answers -------------------------------------------------------------

  // renderAnswer shows one response of POST /v1/ask, with 👍/👎 under it.
  function renderAnswer(r, app) {
    if (r.clarify && r.clarify.options && r.clarify.options.length) return renderClarify(r, app);
    var a = r.answer || {};
    var card = h('div', { class: 'bqa-msg bqa-bot bqa-answer' + (r.answered ? '' : ' bqa-unanswered'), 'data-answered': String(!!r.answered), 'data-intent': r.intent || '' });
    append(card, h('p', { class: 'bqa-text', text: a.text || '抱歉，没有找到答案。' }));
    var items = a.items || [];
    var ch = r.answered ? chart(r, app) : null;
    if (ch) card.appendChild(ch);
    else if (items.length) {
      card.appendChild(h('ul', { class: 'bqa-items' }, items.map(function (it) {
        return h('li', null, [it.name, it.value ? h('b', { text: ' ' + fmtNumber(it.value) + (it.unit || '') }) : null]);
      })));
    } else if (r.answered && a.value) {
      card.appendChild(h('div', { class: 'bqa-figure' }, [h('b', { text: fmtNumber(a.value) }), h('span', { text: a.unit || '' })]));
    }
    if (r.interpretation) card.appendChild(meta('理解为', r.interpretation));
    if (r.arithmetic) card.appendChild(meta('计算', r.arithmetic));
    (r.notes || []).forEach(function (n) { card.appendChild(h('p', { class: 'bqa-note', text: n })); });
    if (r.alternatives && r.alternatives.length) card.appendChild(meta('也可能是指', r.alternatives.join('；')));
    if (r.sources && r.sources.length) card.appendChild(sourceList('来源', r.sources, app));
    if (!r.answered) {
      if (r.suggestions && r.suggestions.length) {
        card.appendChild(h('div', { class: 'bqa-block' }, [h('div', { class: 'bqa-label', text: '您可以试试这样问：' }), chips(r.suggestions, app)]));
      }
      if (r.related && r.related.length) card.appendChild(sourceList('可能相关的段落', r.related, app));
    }
    card.appendChild(rating(r, app));
    return card;
  }

  // renderClarify shows a response that asks back (which department?):
  // the engine's sentence up to its question, whose inline list of options
  // becomes a button per option. A button sends the option's question in
  // the chat's session, as if typed; typing the option's number works too.
  function renderClarify(r, app) {
    var c = r.clarify, text = (r.answer || {}).text || '';
    var ask = c.question || '请选择：';
    var i = text.indexOf(ask);
    var lead = i >= 0 ? text.slice(0, i + ask.length) : ask;
    var card = h('div', { class: 'bqa-msg bqa-bot bqa-answer bqa-clarify', 'data-answered': 'false', 'data-intent': r.intent || '' });
    append(card, [
      h('p', { class: 'bqa-text', text: lead }),
      h('div', { class: 'bqa-chips bqa-options', role: 'group', 'aria-label': ask }, c.options.map(function (o) {
        return h('button', { type: 'button', class: 'bqa-chip bqa-option', 'data-department': o.department || '', text: o.label || o.department, onclick: function () { app.ask(o.question || o.label); } });
      })),
      rating(r, app)
    ]);
    return card;
  }

  // The thumbs of the rating buttons (Material Icons' thumb_up and
  // thumb_down, Apache License 2.0).
  var THUMB_UP = 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';
  var THUMB_DOWN = 'M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z';

  // rating is the 👍/👎 of an answer: one click sends it (POST
  // /v1/feedback), then thanks.
  function rating(r, app) {
    var box = h('div', { class: 'bqa-rate', role: 'group', 'aria-label': '这个回答有帮助吗？' });
    var note = h('span', { class: 'bqa-rate-note', 'aria-live': 'polite' });
    var send = function (value, btn) {
      Array.prototype.forEach.call(box.querySelectorAll('button'), function (b) { b.disabled = true; });
      btn.setAttribute('aria-pressed', 'true');
      note.textContent = '谢谢您的反馈';
      postJSON('v1/feedback', { session_id: app.session, question: r.question || '', answer: (r.answer || {}).text || '', rating: value, department: app.scope().department || undefined })
        .catch(function () { note.textContent = '反馈未能发送'; });
    };
    // Thumbs drawn, not emoji: older office PCs have no emoji font.
    var thumb = function (d) { return s('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' }, s('path', { d: d })); };
    var up = h('button', { type: 'button', class: 'bqa-rate-up', 'aria-pressed': 'false', title: '有帮助', onclick: function () { send('up', up); } },
      [thumb(THUMB_UP), h('span', { class: 'bqa-sr', text: '有帮助' })]);
    var down = h('button', { type: 'button', class: 'bqa-rate-down', 'aria-pressed': 'false', title: '没有帮助', onclick: function () { send('down', down); } },
      [thumb(THUMB_DOWN), h('span', { class: 'bqa-sr', text: '没有帮助' })]);
    return append(box, [up, down, note]);
  }

  function meta(label, text) {
    return h('p', { class: 'bqa-meta' }, [h('b', { text: label + '：' }), text]);
  }

  // chips are questions to click on.
  function chips(questions, app) {
    return h('div', { class: 'bqa-chips' }, questions.map(function (q) {
      return h('button', { type: 'button', class: 'bqa-chip', text: q, onclick: function () { app.ask(q); } });
    }));
  }

  function sourceList(title, refs, app) {
    return h('div', { class: 'bqa-block bqa-sources' }, [
      h('div', { class: 'bqa-label', text: title + '：' }),
      h('ol', null, refs.map(function (src) { return sourceItem(src, app); }))
    ]);
  }

  function sourceItem(src, app) {
    return citation('li', src, app);
  }

  // citation cites one source in a tag element: document · table · row ·
  // column · line, the quoted sentence, and buttons that show the table or
  // passage and the printed page. Closing what they open returns to opener
  // when given (a chart's bar), else to the input.
  function citation(tag, src, app, opener) {
    var parts = [src.document, src.table, src.row, src.column].filter(Boolean);
    if (src.line) parts.push('第' + src.line + '行');
    var el = h(tag, { class: 'bqa-source' }, h('span', { class: 'bqa-cite', text: parts.join(' · ') }));
    if (src.quote) el.appendChild(h('q', { class: 'bqa-quote', text: src.quote }));
    if (src.doc_id && (src.table || src.line)) {
      el.appendChild(h('button', { type: 'button', class: 'bqa-link bqa-open-source', text: src.table ? '查看表格' : '查看原文', onclick: function () { app.openSource(src, opener); } }));
    }
    if (src.doc_id && src.page) {
      el.appendChild(h('button', { type: 'button', class: 'bqa-link bqa-open-page', text: '看原件第' + src.page + '页', onclick: function () { app.openPage(src, opener); } }));
    }
    return el;
  }

  // ---- Charts ----------------------------------------------------------------

  // chart draws an answer's items: a line over the years for a trend, else
  // a horizontal bar per item. It returns null unless two or more items all
  // have a figure, in one unit. The figures shown are the API's decimal
  // strings as they are; parseFloat only scales the marks. An item that
  // cites a source is a button: it shows the source under the chart and,
  // when the source has a printed page, opens the page.
  function chart(r, app) {
    var items = (r.answer || {}).items || [];
    var unit = items.length ? items[0].unit || '' : '';
    var ok = items.length >= 2 && items.every(function (it) {
      return it.value != null && /^-?\d+(\.\d+)?$/.test(String(it.value)) && (it.unit || '') === unit;
    });
    if (!ok) return null;
    var c = new Chart(items, unit, app);
    return r.intent === 'trend' ? c.line() : c.bars();
  }

  var chartSeq = 0;

  // Chart holds what both kinds of chart share: the figure, its caption,
  // and the place under it where a mark's source is shown.
  function Chart(items, unit, app) {
    this.items = items;
    this.unit = unit;
    this.app = app;
    this.linked = items.some(function (it) { return it.source && it.source.document; });
    this.detail = h('div', { class: 'bqa-chart-src', id: 'bqa-chart-src-' + (++chartSeq), 'aria-live': 'polite' });
    this.marks = [];
  }

  // figureOf wraps svg in a figure with its caption and the source area.
  Chart.prototype.figureOf = function (svg, what, note) {
    var caption = [this.unit ? '单位：' + this.unit : '', note, this.linked ? '点击' + what + '查看出处' : ''].filter(Boolean).join('；');
    return h('figure', { class: 'bqa-figure-chart' }, [
      h('div', { class: 'bqa-chart-scroll' }, svg),
      caption ? h('figcaption', { text: caption }) : null,
      this.linked ? this.detail : null
    ]);
  };

  // svg makes the chart's svg element, W×H, named by label: a picture
  // when nothing in it can be clicked, else a group of buttons.
  Chart.prototype.svg = function (cls, W, H, label) {
    return s('svg', {
      class: 'bqa-chart ' + cls, viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: this.linked ? 'group' : 'img', 'aria-label': label,
      // Scaled to the space there is, but never below 80% (12 px text at
      // 9.6 px): a wider chart scrolls sideways instead.
      style: 'min-width:' + Math.round(W * 0.8) + 'px', preserveAspectRatio: 'xMinYMin meet'
    });
  };

  // mark makes the group of item i's bar or point: a button when the item
  // cites a source, with the whole value read out.
  Chart.prototype.mark = function (i, cls, kids) {
    var self = this, it = this.items[i], src = it.source;
    var say = itemLabel(it) + '：' + fmtNumber(it.value) + this.unit;
    var g = s('g', { class: cls, 'data-index': i }, [s('title', { text: say })].concat(kids));
    if (src && src.document) {
      setProps(g, {
        role: 'button', tabindex: 0, 'aria-label': say + '，查看出处', 'aria-expanded': 'false', 'aria-controls': this.detail.id,
        onclick: function () { self.select(i, g); },
        onkeydown: function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); self.select(i, g); }
        }
      });
    }
    this.marks.push(g);
    return g;
  };

  // select shows item i's source under the chart, and its printed page.
  Chart.prototype.select = function (i, g) {
    var it = this.items[i], src = it.source;
    this.marks.forEach(function (m) {
      m.classList.toggle('bqa-sel', m === g);
      if (m.hasAttribute('aria-expanded')) m.setAttribute('aria-expanded', String(m === g));
    });
    this.detail.textContent = '';
    append(this.detail, [
      h('p', { class: 'bqa-chart-pick' }, [h('b', { text: itemLabel(it) }), ' ' + fmtNumber(it.value) + this.unit + ' 出处：']),
      citation('div', src, this.app, g)
    ]);
    if (src.doc_id && src.page) this.app.openPage(src, g);
  };

  // bars draws a horizontal bar chart of the first 15 items, each name on
  // its own lines above its bar and the value after the bar. A chart with
  // negative figures has its bars start at zero, either side.
  Chart.prototype.bars = function () {
    var self = this, maxBars = 15, unit = this.unit;
    var pts = this.items.slice(0, maxBars);
    var nums = pts.map(function (it) { return parseFloat(it.value); });
    var W = 340, lineH = 15, barH = 14, top = 2;
    var valueW = Math.max.apply(null, pts.map(function (it) { return textWidth(fmtNumber(it.value) + unit); })) + 8;
    var barMax = W - 4 - valueW;
    var lo = Math.min(0, Math.min.apply(null, nums)), hi = Math.max(0, Math.max.apply(null, nums));
    var x = function (v) { return 2 + (hi === lo ? 0 : (v - lo) / (hi - lo) * barMax); };
    var x0 = x(0);
    var lines = pts.map(function (it) { return chunkText(it.name || '', Math.floor((W - 4) / 12.5)); });
    var rowHs = lines.map(function (ls) { return ls.length * lineH + barH + 10; });
    var H = top * 2 + rowHs.reduce(function (a, b) { return a + b; }, 0);
    var svg = this.svg('bqa-bars', W, H, '柱状图' + (unit ? '（单位：' + unit + '）' : '') + '：' +
      pts.map(function (it) { return it.name + ' ' + fmtNumber(it.value); }).join('，'));
    var y = top;
    pts.forEach(function (it, i) {
      var v = nums[i], by = y + lines[i].length * lineH + 3;
      var x1 = x(v), left = Math.min(x0, x1), w = Math.max(1, Math.abs(x1 - x0));
      svg.appendChild(self.mark(i, 'bqa-bar', [
        s('text', { x: 2, y: y + 12, class: 'bqa-label-text' },
          lines[i].map(function (l, k) { return s('tspan', { x: 2, dy: k ? lineH : 0, text: l }); })),
        s('rect', { x: left, y: by, width: w, height: barH, rx: 2, class: v < 0 ? 'bqa-neg' : null }),
        s('text', { x: Math.max(x0, x1) + 4, y: by + barH - 3, class: 'bqa-v', text: fmtNumber(it.value) + unit })
      ]));
      y += rowHs[i];
    });
    if (lo < 0) svg.appendChild(s('line', { class: 'bqa-axis', x1: x0, x2: x0, y1: top, y2: H - top }));
    var note = this.items.length > maxBars ? '图中为前' + maxBars + '项' : '';
    return this.figureOf(svg, '柱形', note);
  };

  // line draws a line chart over the years, one line per department, from
  // zero up, each point labelled with its value and each year named under
  // the axis. Years are placed by their distance apart.
  Chart.prototype.line = function () {
    var self = this, unit = this.unit, items = this.items;
    var series = [], byDept = {};
    items.forEach(function (it, i) {
      var k = it.department || '';
      if (!byDept[k]) { byDept[k] = { name: k, pts: [] }; series.push(byDept[k]); }
      byDept[k].pts.push(i);
    });
    // Positions: years where every item has one, else the items' order.
    var keyOf = items.every(function (it) { return it.year; }) ?
      function (i) { return items[i].year; } : function (i) { return i; };
    var keys = [];
    items.forEach(function (it, i) { if (keys.indexOf(keyOf(i)) < 0) keys.push(keyOf(i)); });
    keys.sort(function (a, b) { return a - b; });
    series.forEach(function (sr) { sr.pts.sort(function (a, b) { return keyOf(a) - keyOf(b); }); });
    var axisName = function (k) {
      var i = items.map(function (it, j) { return keyOf(j); }).indexOf(k);
      return items[i].year ? items[i].year + '年' : items[i].name;
    };
    var labels = items.map(function (it) { return fmtNumber(it.value) + unit; });
    var widest = Math.max.apply(null, labels.map(textWidth).concat(keys.map(function (k) { return textWidth(axisName(k)); })));
    var span = keys[keys.length - 1] - keys[0] || 1;
    var gap = Math.min.apply(null, keys.slice(1).map(function (k, j) { return k - keys[j]; }).concat([span]));
    // Wide enough that neighbouring labels fit side by side above and
    // below their points.
    var pad = widest / 2 + 4;
    var W = Math.max(340, Math.ceil(2 * pad + span / gap * (widest / 2 + 6)));
    var H = 180, top = 44, bottom = H - 40;
    var nums = items.map(function (it) { return parseFloat(it.value); });
    var lo = Math.min(0, Math.min.apply(null, nums)), hi = Math.max(0, Math.max.apply(null, nums));
    var x = function (k) { return keys.length === 1 ? W / 2 : pad + (k - keys[0]) / span * (W - 2 * pad); };
    var y = function (v) { return bottom - (hi === lo ? 0 : (v - lo) / (hi - lo) * (bottom - top)); };
    var say = function (i) { return (series.length > 1 ? items[i].department + ' ' : '') + itemLabel(items[i]) + ' ' + fmtNumber(items[i].value); };
    var svg = this.svg('bqa-lines', W, H, '折线图' + (unit ? '（单位：' + unit + '）' : '') + '：' +
      series.map(function (sr) { return sr.pts.map(say).join('，'); }).join('；'));
    svg.appendChild(s('line', { class: 'bqa-axis', x1: 0, x2: W, y1: y(0), y2: y(0) }));
    keys.forEach(function (k) {
      svg.appendChild(s('text', { class: 'bqa-year', x: x(k), y: H - 20, 'text-anchor': 'middle', text: axisName(k) }));
    });
    var placed = [];
    series.forEach(function (sr, n) {
      var path = sr.pts.map(function (i, j) { return (j ? 'L' : 'M') + x(keyOf(i)).toFixed(1) + ' ' + y(nums[i]).toFixed(1); }).join(' ');
      svg.appendChild(s('path', { class: 'bqa-line bqa-s' + n % SERIES, d: path }));
    });
    series.forEach(function (sr, n) {
      sr.pts.forEach(function (i) {
        var px = x(keyOf(i)), py = y(nums[i]);
        var at = placeLabel(placed, px, py, textWidth(labels[i]), W, H - 34);
        svg.appendChild(self.mark(i, 'bqa-pt', [
          s('circle', { cx: px, cy: py, r: 4.5, class: 'bqa-s' + n % SERIES }),
          s('text', { x: at.x, y: at.y, 'text-anchor': 'middle', class: 'bqa-v', text: labels[i] })
        ]));
      });
    });
    var fig = this.figureOf(svg, '圆点', '');
    // A wide chart scrolls; with no button in it, the keyboard needs a
    // way into it.
    if (W > 340 && !this.linked) setProps(fig.firstChild, { tabindex: 0, role: 'group', 'aria-label': '折线图（可左右滚动）' });
    if (series.length > 1) {
      fig.insertBefore(h('ul', { class: 'bqa-legend' }, series.map(function (sr, n) {
        return h('li', null, [s('svg', { viewBox: '0 0 24 8', width: 24, height: 8, 'aria-hidden': 'true' },
          s('line', { class: 'bqa-line bqa-s' + n % SERIES, x1: 0, x2: 24, y1: 4, y2: 4 })), sr.name || '（未注明部门）']);
      })), fig.firstChild.nextSibling);
    }
    return fig;
  };

  // SERIES is how many lines are told apart by colour and dashes.
  var SERIES = 4;

  // placeLabel finds the baseline of a label w wide for a point at (px,
  // py): above it, else below, else further out, clear of the labels
  // placed before it and inside 0..W across and 0..maxY down.
  function placeLabel(placed, px, py, w, W, maxY) {
    var cx = Math.min(Math.max(px, w / 2 + 1), W - w / 2 - 1);
    var free = function (ty) {
      var b = { x0: cx - w / 2 - 2, x1: cx + w / 2 + 2, y0: ty - 12, y1: ty + 3 };
      if (b.y0 < 0 || b.y1 > maxY) return null;
      for (var i = 0; i < placed.length; i++) {
        var p = placed[i];
        if (b.x0 < p.x1 && p.x0 < b.x1 && b.y0 < p.y1 && p.y0 < b.y1) return null;
      }
      return b;
    };
    var tries = [py - 9, py + 19, py - 24, py + 34, py - 39];
    for (var i = 0; i < tries.length; i++) {
      var b = free(tries[i]);
      if (b) { placed.push(b); return { x: cx, y: tries[i] }; }
    }
    return { x: cx, y: Math.max(12, py - 9) };
  }

  // textWidth estimates the width of text at 12 px: Latin characters and
  // digits about 7 px, Chinese 12.
  function textWidth(text) {
    return Array.from(text).reduce(function (w, ch) { return w + (ch.charCodeAt(0) < 0x2e80 ? 7 : 12); }, 0);
  }

  // itemLabel names an item: its name, with its year when the name lacks it.
  function itemLabel(it) {
    var n = it.name || '';
    return it.year && n.indexOf(String(it.year)) < 0 ? n + '（' + it.year + '年）' : n;
  }

  // chunkText cuts text into lines of at most n characters.
  function chunkText(text, n) {
    var r = Array.from(text), out = [];
    for (var i = 0; i < r.length; i += n) out.push(r.slice(i, i + n).join(''));
    return out.length ? out : [''];
  }

  // ---- Sources: tables and passages -----------------------------------------

  // findTable finds the table a source names ("表12 整体支出绩效目标表").
  function findTable(doc, name) {
    var ts = doc.tables || [];
    var i;
    for (i = 0; i < ts.length; i++) if (ts[i].ref === name || ts[i].title === name) return ts[i];
    for (i = 0; i < ts.length; i++) if (ts[i].title && name.indexOf(ts[i].title) >= 0) return ts[i];
    return null;
  }

  // tableView renders src's table and highlights its row and cell. Tables
  // printed side by side (收入 | 支出) keep their sides beside each other.
  function tableView(doc, src) {
    var t = findTable(doc, src.table);
    if (!t) {
      return [h('p', { class: 'bqa-muted', text: '未能在《' + doc.name + '》中找到“' + src.table + '”。' }), src.quote ? h('q', { class: 'bqa-quote', text: src.quote }) : null];
    }
    var cols = t.columns || [];
    var sides = [];
    cols.forEach(function (c) { if (sides.indexOf(c.side || 0) < 0) sides.push(c.side || 0); });
    if (!sides.length) sides.push(0);
    sides.sort();
    var colsOf = sides.map(function (sd) {
      return cols.map(function (c, i) { return i; }).filter(function (i) { return (cols[i].side || 0) === sd; });
    });

    // Lines of output: one row per side, the sides of one printed line together.
    var lines = [];
    (t.rows || []).forEach(function (r) {
      var sd = sides.indexOf(r.side || 0);
      if (sd < 0) sd = 0;
      var last = lines[lines.length - 1];
      if (sides.length > 1 && last && last.line === r.line && !last.rows[sd]) last.rows[sd] = r;
      else {
        var l = { line: r.line, rows: [] };
        l.rows[sd] = r;
        lines.push(l);
      }
    });

    var target = pickRow(t.rows || [], src);
    var targetCol = target ? pickColumn(cols, target, src) : -1;

    var head = h('tr');
    sides.forEach(function (sd, k) {
      head.appendChild(h('th', { scope: 'col', class: k === 0 ? 'bqa-corner' : null, text: '项目' }));
      colsOf[k].forEach(function (ci) {
        var c = cols[ci];
        head.appendChild(h('th', { scope: 'col', text: (c.group ? c.group + ' · ' : '') + c.label }));
      });
    });
    var body = h('tbody');
    lines.forEach(function (l) {
      var tr = h('tr', { class: l.rows.indexOf(target) >= 0 ? 'bqa-hl' : null });
      sides.forEach(function (sd, k) {
        var r = l.rows[k];
        tr.appendChild(h(k === 0 ? 'th' : 'td', { scope: k === 0 ? 'row' : null, class: 'bqa-name' + (k === 0 ? ' bqa-stick' : '') + (r && r.level > 1 ? ' bqa-l' + Math.min(r.level, 4) : '') },
          r ? [r.code ? h('span', { class: 'bqa-code', text: r.code }) : null, r.name] : null));
        var cells = {};
        ((r && r.cells) || []).forEach(function (c) { cells[c.column] = c; });
        colsOf[k].forEach(function (ci) {
          var c = cells[ci];
          tr.appendChild(h('td', { class: 'bqa-num' + (r && r === target && ci === targetCol ? ' bqa-hl-cell' : '') }, c && !c.blank ? (c.raw || fmtNumber(c.value)) : ''));
        });
      });
      body.appendChild(tr);
    });
    return [
      h('p', { class: 'bqa-muted bqa-table-meta', text: doc.name + (t.unit ? ' · 单位：' + t.unit : '') + (t.line ? ' · 第' + t.line + '行起' : '') }),
      t.empty ? h('p', { class: 'bqa-muted', text: '本表无数据。' }) : null,
      h('div', { class: 'bqa-table-wrap' }, h('table', { class: 'bqa-table', 'aria-label': t.ref || t.title }, [h('thead', null, head), body])),
      (t.notes || []).map(function (n) { return h('p', { class: 'bqa-note', text: n }); })
    ];
  }

  // pickRow finds the row a source cites: by line and name, then either.
  function pickRow(rows, src) {
    var byLine = rows.filter(function (r) { return src.line && r.line === src.line; });
    var named = function (r) { return src.row && r.name === src.row; };
    return byLine.filter(named)[0] || rows.filter(named)[0] || byLine[0] || null;
  }

  // pickColumn finds the column a source cites, among those of row's side.
  function pickColumn(cols, row, src) {
    var mine = (row.cells || []).map(function (c) { return c.column; });
    var col = String(src.column || '');
    var found = -1;
    mine.forEach(function (ci) {
      var c = cols[ci];
      if (found < 0 && c && col && (c.label === col || (c.group || '') + c.label === col || col.indexOf(c.label) >= 0)) found = ci;
    });
    return found >= 0 ? found : (mine.length === 1 ? mine[0] : -1);
  }

  // passageView shows the paragraph at src's line, its quote marked, between
  // its neighbours.
  function passageView(doc, src) {
    var ps = doc.paragraphs || [];
    var at = -1;
    for (var i = 0; i < ps.length && at < 0; i++) {
      if (src.line && ps[i].line <= src.line && src.line <= ps[i].end_line) at = i;
    }
    for (var j = 0; j < ps.length && at < 0; j++) {
      if (src.quote && findLoose(ps[j].text, src.quote)) at = j;
    }
    if (at < 0) {
      return [h('p', { class: 'bqa-muted', text: doc.name + (src.line ? ' · 第' + src.line + '行' : '') }), src.quote ? h('q', { class: 'bqa-quote', text: src.quote }) : null];
    }
    var out = [h('p', { class: 'bqa-muted bqa-table-meta', text: doc.name + (ps[at].section ? ' · ' + ps[at].section : '') })];
    for (var k = Math.max(0, at - 1); k <= Math.min(ps.length - 1, at + 1); k++) {
      var p = ps[k];
      var el = h('p', { class: 'bqa-para' + (k === at ? ' bqa-cur' : '') }, h('span', { class: 'bqa-line', text: '第' + p.line + '行' }));
      var q = k === at && src.quote ? findLoose(p.text, src.quote) : null;
      if (q) append(el, [p.text.slice(0, q[0]), h('mark', { text: p.text.slice(q[0], q[1]) }), p.text.slice(q[1])]);
      else if (k === at) append(el, h('mark', { text: p.text }));
      else append(el, p.text);
      out.push(el);
    }
    return out;
  }

  // findLoose returns the start and end of quote in text, ignoring spaces
  // ("587 万元" in the text, "587万元" in the quote), or null.
  function findLoose(text, quote) {
    var at = text.indexOf(quote);
    if (at >= 0) return [at, at + quote.length];
    var pos = [], bare = '';
    for (var i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) { pos.push(i); bare += text[i]; }
    }
    var q = quote.replace(/\s+/g, '');
    var k = q ? bare.indexOf(q) : -1;
    return k < 0 ? null : [pos[k], pos[k + q.length - 1] + 1];
  }

  // scrollToMark scrolls box so its highlighted row or passage is in view.
  // A table scrolls in its own box, under its sticky header row and beside
  // its sticky row labels, so the cell goes below and right of those.
  function scrollToMark(box) {
    var el = box.querySelector('.bqa-hl-cell') || box.querySelector('.bqa-hl') || box.querySelector('mark');
    if (!el) return;
    var wrap = box.querySelector('.bqa-table-wrap');
    var er = el.getBoundingClientRect();
    if (!wrap) {
      var br = box.getBoundingClientRect();
      box.scrollTop += er.top - br.top - br.height / 3;
      return;
    }
    var wr = wrap.getBoundingClientRect();
    var headH = (wrap.querySelector('thead') || { offsetHeight: 0 }).offsetHeight;
    var nameW = (wrap.querySelector('.bqa-stick') || { offsetWidth: 0 }).offsetWidth;
    wrap.scrollTop += er.top - wr.top - headH - (wr.height - headH) / 3;
    if (el.tagName === 'TD') {
      if (er.right > wr.right) wrap.scrollLeft += er.right - wr.right + 16;
      er = el.getBoundingClientRect();
      if (er.left < wr.left + nameW) wrap.scrollLeft -= wr.left + nameW - er.left + 8;
    }
  }

  // ---- The chat ------------------------------------------------------------

  // App is one chat: the full page (mode "page") or the widget's panel
  // (mode "panel"). opts: mode, department, year, title, onClose.
  function App(opts) {
    var self = this;
    this.mode = opts.mode;
    this.department = opts.department || '';
    this.year = opts.year || '';
    this.session = newSessionID();
    this.pending = false;
    this.suggIndex = -1;
    this.suggTimer = 0;
    this.suggAbort = null;
    this.viewer = null;
    this.opener = null;

    var title = opts.title || '预算问答';
    this.log = h('div', { class: 'bqa-log', role: 'log', 'aria-live': 'polite', 'aria-label': '对话' });
    this.sugg = h('div', { class: 'bqa-sugg', role: 'listbox', 'aria-label': '推荐问题', hidden: true });
    this.input = h('input', {
      class: 'bqa-input', type: 'text', name: 'question', role: 'combobox', 'aria-expanded': 'false', maxlength: 200, autocomplete: 'off', enterkeyhint: 'send',
      'aria-label': '输入问题', 'aria-autocomplete': 'list', placeholder: '输入问题，如：哪个项目预算最多',
      oninput: function () { self.onInput(); }, onkeydown: function (e) { self.onKey(e); },
      onblur: function () { setTimeout(function () { if (!self.hasFocus()) self.hideSugg(); }, 150); }
    });
    this.send = h('button', { type: 'submit', class: 'bqa-send', text: '提问' });
    this.form = h('form', { class: 'bqa-form', onsubmit: function (e) { e.preventDefault(); self.ask(self.input.value); } }, [this.sugg, this.input, this.send]);
    var foot = (data.disclaimer || data.host) ? h('div', { class: 'bqa-foot' }, [
      data.disclaimer ? h('p', { class: 'bqa-disclaimer', text: data.disclaimer }) : null,
      data.host ? h('p', { class: 'bqa-host', text: '主办单位：' + data.host }) : null
    ]) : null;
    var logo = data.logo ? h('img', { class: 'bqa-logo', src: data.logo, alt: '', width: 32, height: 32 }) : null;

    var head;
    if (this.mode === 'page') {
      this.deptSelect = this.scopeSelect('bqa-dept', 'department', '部门', true, h('option', { value: '', text: '正在加载部门…' }));
      this.yearSelect = this.scopeSelect('bqa-year', 'year', '年份', false, h('option', { value: '', text: '全部年份' }));
      head = h('header', { class: 'bqa-head' }, [
        logo,
        h('div', { class: 'bqa-brand' }, [h('h1', { text: title }), h('p', { text: '根据公开的部门预算、决算文件回答，并注明出处' })]),
        h('div', { class: 'bqa-scope' }, [
          h('label', null, [h('span', { text: '部门' }), this.deptSelect]),
          h('label', null, [h('span', { text: '年份' }), this.yearSelect])
        ])
      ]);
    } else {
      this.subtitle = h('p', { text: scopeText(this.department, this.year) });
      // A div, not a header: in a host page a header would be a second
      // banner landmark beside the page's own.
      head = h('div', { class: 'bqa-head' }, [
        logo,
        h('div', { class: 'bqa-brand' }, [h('h2', { text: title }), this.subtitle]),
        h('button', { type: 'button', class: 'bqa-close', 'aria-label': '关闭', text: '×', onclick: function () { if (opts.onClose) opts.onClose(); } })
      ]);
    }
    this.el = h('div', { id: this.mode === 'panel' ? 'bqa-panel' : null, class: 'bqa-app bqa-' + this.mode, role: this.mode === 'panel' ? 'dialog' : null, 'aria-label': title, style: themeStyle(),
      onkeydown: function (e) { if (e.key === 'Escape') { if (self.viewer) self.closeViewer(); else if (opts.onClose) opts.onClose(); } } },
    [head, this.log, this.form, foot]);
  }

  // scopeSelect makes the department or year selector. A choice made with
  // the mouse starts a new conversation at once; one made with the keyboard
  // (arrows, letters, which change the value at every press) only once it
  // is committed: Enter, or leaving the selector.
  App.prototype.scopeSelect = function (cls, name, label, dept, first) {
    var self = this, keyed = false;
    var commit = function () { keyed = false; self.onScope(dept); };
    return h('select', {
      class: cls, name: name, 'aria-label': label,
      onmousedown: function () { keyed = false; },
      onkeydown: function (e) {
        if (e.key === 'Enter') { e.preventDefault(); commit(); } else if (e.key !== 'Tab' && e.key !== 'Escape' && e.key !== 'Shift') keyed = true;
      },
      onchange: function () { if (!keyed) commit(); },
      onblur: commit
    }, first);
  };

  function scopeText(dept, year) {
    return [dept || '全部部门', year ? year + '年' : ''].filter(Boolean).join(' · ');
  }

  // start shows the welcome and, on the page, loads the departments.
  App.prototype.start = function () {
    this.welcome();
    if (this.mode === 'page') this.loadDepartments(0);
  };

  // welcome greets and offers the questions the server suggests for the scope.
  App.prototype.welcome = function (switched) {
    var self = this;
    var box = h('div', { class: 'bqa-chips-box' });
    var card = h('div', { class: 'bqa-msg bqa-bot bqa-welcome' }, [
      h('p', { class: 'bqa-text', text: switched ? '已切换到：' + scopeText(this.department, this.year) + '。可以接着提问：' :
        (data.welcome || '您好！我可以回答部门预算、决算文件里的问题，比如金额、增减、占比、项目和“三公”经费，并告诉您数字出自哪张表。') + '试试：' }),
      box
    ]);
    this.log.appendChild(card);
    var tries = 0;
    var load = function () {
      getJSON('v1/suggest', { department: self.department }).then(function (r) {
        var qs = (r.questions || []).slice(0, 6);
        if (!qs.length && tries++ < 4) { setTimeout(load, 2500); return; }
        if (!qs.length) qs = ['哪个项目预算最多', '“三公”经费是多少', '部门预算总额是多少'];
        box.textContent = '';
        box.appendChild(chips(qs, self));
      }, function (err) {
        if (err.status === 503 && tries++ < 10) setTimeout(load, (err.retryAfter || 3) * 1000);
      });
    };
    load();
  };

  // loadDepartments fills the department and year selectors from
  // GET /v1/documents, retrying while the server loads.
  App.prototype.loadDepartments = function (tries) {
    var self = this;
    getJSON('v1/documents').then(function (r) {
      self.docs = r.documents || [];
      var names = [];
      self.docs.forEach(function (d) { if (names.indexOf(d.department) < 0) names.push(d.department); });
      self.deptSelect.textContent = '';
      self.deptSelect.appendChild(h('option', { value: '', text: '全部部门' }));
      names.forEach(function (n) { self.deptSelect.appendChild(h('option', { value: n, text: n })); });
      var want = self.department;
      if (want && names.indexOf(want) < 0) {
        var hit = names.filter(function (n) { return n.indexOf(want) >= 0; })[0];
        if (hit) want = hit;
        else self.deptSelect.appendChild(h('option', { value: want, text: want }));
      }
      self.deptSelect.value = want;
      self.department = want;
      self.fillYears();
    }, function (err) {
      self.deptSelect.firstChild.textContent = err.status === 503 ? '正在加载预算文件…' : '部门列表加载失败';
      if (tries < 20) setTimeout(function () { self.loadDepartments(tries + 1); }, (err.retryAfter || 3) * 1000);
    });
  };

  // fillYears lists the years of the chosen department's documents.
  App.prototype.fillYears = function () {
    var self = this, years = [];
    (this.docs || []).forEach(function (d) {
      if ((!self.department || d.department === self.department) && years.indexOf(d.year) < 0) years.push(d.year);
    });
    years.sort(function (a, b) { return b - a; });
    var keep = String(this.year);
    this.yearSelect.textContent = '';
    this.yearSelect.appendChild(h('option', { value: '', text: '全部年份' }));
    years.forEach(function (y) { self.yearSelect.appendChild(h('option', { value: y, text: y + '年' })); });
    this.yearSelect.value = years.indexOf(Number(keep)) >= 0 ? keep : '';
    this.year = this.yearSelect.value;
  };

  // onScope starts a new conversation in the department and year chosen.
  App.prototype.onScope = function (deptChanged) {
    if (this.deptSelect.value === this.department && this.yearSelect.value === String(this.year)) return;
    this.department = this.deptSelect.value;
    if (deptChanged) this.fillYears();
    this.year = this.yearSelect.value;
    this.session = newSessionID();
    this.welcome(true);
    this.scrollToEnd();
  };

  // scope is what a request is scoped to; the selectors win on the page.
  App.prototype.scope = function () {
    if (this.deptSelect && this.deptSelect.options.length > 1) {
      return { department: this.deptSelect.value, year: this.yearSelect.value };
    }
    return { department: this.department, year: this.year };
  };

  // ask sends a question in this chat's session and shows the answer.
  App.prototype.ask = function (question) {
    var self = this;
    question = String(question || '').trim();
    if (!question || this.pending) return Promise.resolve();
    this.hideSugg();
    this.input.value = '';
    var you = h('div', { class: 'bqa-msg bqa-user', text: question });
    var wait = h('div', { class: 'bqa-msg bqa-bot bqa-wait', 'aria-busy': 'true' }, [h('span', { class: 'bqa-dots', 'aria-hidden': 'true' }), '正在查找…']);
    this.log.appendChild(you);
    this.log.appendChild(wait);
    this.scrollToEnd();
    this.setPending(true);
    var sc = this.scope();
    var body = { question: question, session_id: this.session };
    if (sc.department) body.department = sc.department;
    if (sc.year) body.year = Number(sc.year);
    return postJSON('v1/ask', body).then(function (r) {
      wait.replaceWith(renderAnswer(r, self));
    }, function (err) {
      wait.replaceWith(h('div', { class: 'bqa-msg bqa-bot bqa-answer bqa-unanswered', 'data-answered': 'false' }, h('p', { class: 'bqa-text bqa-error', text: err.message })));
    }).then(function () {
      self.setPending(false);
      self.log.scrollTop = you.offsetTop - 8;
      if (!window.matchMedia(PHONE).matches) self.input.focus();
    });
  };

  App.prototype.setPending = function (on) {
    this.pending = on;
    this.send.disabled = on;
    this.send.textContent = on ? '…' : '提问';
  };

  App.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  App.prototype.focus = function () {
    if (!window.matchMedia(PHONE).matches) this.input.focus();
  };

  // ---- Suggestions while typing -------------------------------------------

  App.prototype.onInput = function () {
    var self = this;
    clearTimeout(this.suggTimer);
    var q = this.input.value.trim();
    if (!q) { this.hideSugg(); return; }
    this.suggTimer = setTimeout(function () { self.fetchSugg(q); }, 250);
  };

  App.prototype.fetchSugg = function (q) {
    var self = this;
    if (this.suggAbort) this.suggAbort.abort();
    var ctl = window.AbortController ? new AbortController() : null;
    this.suggAbort = ctl;
    getJSON('v1/suggest', { q: q, department: this.scope().department, n: 6 }, ctl && ctl.signal).then(function (r) {
      if (self.input.value.trim() !== q || self.pending) return;
      self.showSugg((r.completions || []).map(function (c) { return c.text; }));
    }, function () { /* suggestions are optional */ });
  };

  // hasFocus reports whether the input has the focus (in its shadow root).
  App.prototype.hasFocus = function () {
    return this.input.getRootNode().activeElement === this.input;
  };

  App.prototype.showSugg = function (list) {
    var self = this;
    this.sugg.textContent = '';
    this.suggIndex = -1;
    if (!list.length || !this.hasFocus()) { this.hideSugg(); return; }
    list.forEach(function (text) {
      self.sugg.appendChild(h('button', {
        type: 'button', role: 'option', tabindex: -1, 'aria-selected': 'false', text: text,
        onmousedown: function (e) { e.preventDefault(); },
        onclick: function () { self.ask(text); }
      }));
    });
    this.sugg.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  };

  App.prototype.hideSugg = function () {
    clearTimeout(this.suggTimer);
    if (this.suggAbort) { this.suggAbort.abort(); this.suggAbort = null; }
    this.sugg.hidden = true;
    this.suggIndex = -1;
    this.input.setAttribute('aria-expanded', 'false');
  };

  // onKey moves through the suggestions with the arrow keys.
  App.prototype.onKey = function (e) {
    if (e.isComposing || e.keyCode === 229) return; // an input method's Enter
    var opts = this.sugg.hidden ? [] : this.sugg.querySelectorAll('button');
    if (e.key === 'Escape' && !this.sugg.hidden) { this.hideSugg(); e.stopPropagation(); return; }
    if (!opts.length || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Enter')) return;
    if (e.key === 'Enter') {
      if (this.suggIndex >= 0) { e.preventDefault(); this.ask(opts[this.suggIndex].textContent); }
      return;
    }
    e.preventDefault();
    var i = this.suggIndex + (e.key === 'ArrowDown' ? 1 : -1);
    this.suggIndex = i >= opts.length ? -1 : i < -1 ? opts.length - 1 : i;
    for (i = 0; i < opts.length; i++) opts[i].setAttribute('aria-selected', String(i === this.suggIndex));
    if (this.suggIndex >= 0) opts[this.suggIndex].scrollIntoView({ block: 'nearest' });
  };

  // ---- The source viewer --------------------------------------------------

  // openSource shows the table or passage a source cites over the chat;
  // closing it focuses opener, if given and still shown.
  App.prototype.openSource = function (src, opener) {
    var self = this;
    this.closeViewer();
    this.opener = opener || null;
    var body = h('div', { class: 'bqa-viewer-body' }, h('p', { class: 'bqa-muted', text: '正在打开…' }));
    var title = h('div', { class: 'bqa-viewer-title', text: src.table || '原文' + (src.line ? ' · 第' + src.line + '行' : '') });
    var close = h('button', { type: 'button', class: 'bqa-close', 'aria-label': '关闭', text: '×', onclick: function () { self.closeViewer(); } });
    var link = this.mode === 'panel' ? h('a', { class: 'bqa-link', href: sourceURL(src), target: '_blank', rel: 'noopener', text: '新页面打开' }) : null;
    this.viewer = h('div', { class: 'bqa-viewer', role: 'dialog', 'aria-label': src.table ? '来源表格' : '来源原文' },
      [h('div', { class: 'bqa-viewer-head' }, [title, link, close]), body]);
    this.el.appendChild(this.viewer);
    close.focus();
    loadDoc(src.doc_id).then(function (doc) {
      body.textContent = '';
      body.classList.toggle('bqa-has-table', !!src.table);
      append(body, src.table ? tableView(doc, src) : passageView(doc, src));
      scrollToMark(body);
    }, function (err) {
      body.textContent = '';
      body.appendChild(h('p', { class: 'bqa-error', text: err.status === 404 ? '没有找到这份文件。' : err.message }));
    });
  };

  // openPage shows the printed page a source cites, its figure outlined in
  // red, with a link to the whole PDF at that page; closing it focuses
  // opener, if given and still shown.
  App.prototype.openPage = function (src, opener) {
    var self = this;
    this.closeViewer();
    this.opener = opener || null;
    var alt = src.document + ' 第' + src.page + '页' + (src.table ? '，' + [src.table, src.row, src.column].filter(Boolean).join(' · ') : '') + '（红框为出处）';
    var img = h('img', { class: 'bqa-pageimg', src: pageURL(src), alt: alt });
    img.onerror = function () { img.replaceWith(h('p', { class: 'bqa-error', text: '原件页面无法显示。' })); };
    var close = h('button', { type: 'button', class: 'bqa-close', 'aria-label': '关闭', text: '×', onclick: function () { self.closeViewer(); } });
    var pdf = h('a', { class: 'bqa-link', href: base + 'v1/documents/' + encodeURIComponent(src.doc_id) + '/pdf#page=' + src.page, target: '_blank', rel: 'noopener', text: '打开 PDF 原件' });
    this.viewer = h('div', { class: 'bqa-viewer', role: 'dialog', 'aria-label': '原件页面' },
      [h('div', { class: 'bqa-viewer-head' }, [h('div', { class: 'bqa-viewer-title', text: '原件第' + src.page + '页' }), pdf, close]),
        h('div', { class: 'bqa-viewer-body' }, img)]);
    this.el.appendChild(this.viewer);
    close.focus();
  };

  App.prototype.closeViewer = function () {
    if (!this.viewer) return;
    this.viewer.remove();
    this.viewer = null;
    var back = this.opener;
    this.opener = null;
    if (back && back.isConnected) back.focus();
    else this.focus();
  };

  // ---- Styles -------------------------------------------------------------

  var CSS = [
    ':host{all:initial}',
    '.bqa-root,.bqa-app{--c:#1d5bbf;--c2:#e8f0fc;--c3:#bcd0f0;--fg:#1f2329;--mute:#5f6670;--line:#dde1e6;--bg:#f4f6f9;',
    'font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;',
    'color:var(--fg);-webkit-text-size-adjust:100%;text-align:left}',
    '.bqa-root *,.bqa-app *{box-sizing:border-box}',
    '.bqa-app{position:relative;display:flex;flex-direction:column;background:#fff;overflow:hidden}',
    '.bqa-app[hidden],.bqa-sugg[hidden]{display:none}',
    '.bqa-page{height:100vh;height:100dvh;max-width:880px;margin:0 auto;box-shadow:0 0 0 1px var(--line),0 2px 24px rgba(0,0,0,.06)}',
    '.bqa-head{flex:0 0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:12px 16px;background:var(--c);color:#fff}',
    '.bqa-brand{flex:1 1 200px;min-width:0}',
    '.bqa-logo{flex:0 0 auto;width:32px;height:32px;object-fit:contain;border-radius:4px;background:#fff}',
    '.bqa-brand h1,.bqa-brand h2{margin:0;font-size:18px;line-height:1.3;font-weight:600;color:#fff}',
    '.bqa-brand p{margin:2px 0 0;font-size:12px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.bqa-scope{display:flex;gap:8px;flex:1 1 340px}',
    '.bqa-scope label{display:flex;flex-direction:column;gap:2px;font-size:12px;flex:1 1 0;min-width:0}',
    '.bqa-scope label:last-child{flex:0 0 108px}',
    '.bqa-scope select{font:inherit;font-size:14px;padding:6px 8px;border:0;border-radius:6px;color:var(--fg);background:#fff;width:100%;min-width:0}',
    '.bqa-log{flex:1 1 auto;position:relative;overflow-y:auto;padding:16px;background:var(--bg);overscroll-behavior:contain;-webkit-overflow-scrolling:touch}',
    '.bqa-msg{max-width:92%;margin:0 0 12px;padding:10px 14px;border-radius:12px;overflow-wrap:anywhere}',
    '.bqa-user{width:fit-content;margin-left:auto;background:var(--c);color:#fff;border-bottom-right-radius:4px;white-space:pre-wrap}',
    '.bqa-bot{background:#fff;border:1px solid var(--line);border-bottom-left-radius:4px}',
    '.bqa-unanswered{background:#fffcf4;border-color:#efdcae}',
    '.bqa-wait{width:fit-content;color:var(--mute)}',
    '.bqa-dots{display:inline-block;width:8px;height:8px;margin-right:8px;border-radius:50%;background:var(--c);animation:bqa-pulse 1s infinite ease-in-out}',
    '@keyframes bqa-pulse{0%,100%{opacity:.25}50%{opacity:1}}',
    '.bqa-text{margin:0}',
    '.bqa-figure{margin:6px 0 0;color:var(--c)}',
    '.bqa-figure b{font-size:28px;font-weight:700;letter-spacing:.5px}',
    '.bqa-figure span{font-size:15px;margin-left:4px}',
    '.bqa-figure-chart{margin:8px 0 0}',
    '.bqa-figure-chart figcaption{font-size:12px;color:var(--mute)}',
    '.bqa-chart-scroll{overflow-x:auto;overflow-y:hidden;-webkit-overflow-scrolling:touch}',
    '.bqa-chart{display:block;width:100%;max-width:420px;height:auto}',
    '.bqa-chart text{font-family:inherit;font-size:12px;fill:var(--fg)}',
    '.bqa-chart text.bqa-v{fill:var(--mute)}',
    '.bqa-chart text.bqa-year{fill:var(--mute)}',
    '.bqa-chart rect{fill:var(--c)}',
    '.bqa-chart rect.bqa-neg{fill:#d4542b}',
    '.bqa-chart .bqa-axis{stroke:var(--line);stroke-width:1}',
    '.bqa-chart .bqa-line,.bqa-legend .bqa-line{fill:none;stroke:var(--c);stroke-width:2}',
    '.bqa-chart circle{fill:var(--c);stroke:#fff;stroke-width:1.5}',
    '.bqa-s1{stroke-dasharray:6 3}.bqa-chart circle.bqa-s1{fill:#d4542b}.bqa-line.bqa-s1{stroke:#d4542b}',
    '.bqa-s2{stroke-dasharray:2 2}.bqa-chart circle.bqa-s2{fill:#2e7d4f}.bqa-line.bqa-s2{stroke:#2e7d4f}',
    '.bqa-s3{stroke-dasharray:8 3 2 3}.bqa-chart circle.bqa-s3{fill:#7a4fb3}.bqa-line.bqa-s3{stroke:#7a4fb3}',
    '.bqa-chart circle.bqa-s1,.bqa-chart circle.bqa-s2,.bqa-chart circle.bqa-s3{stroke-dasharray:none}',
    // A mark that shows its source: clicked anywhere in its box (its name
    // and value too), outlined when focused or chosen.
    '.bqa-chart g[role=button]{cursor:pointer;pointer-events:bounding-box;outline:none}',
    '.bqa-chart g[role=button]:hover text{text-decoration:underline}',
    '.bqa-chart g[role=button]:focus-visible rect,.bqa-chart g[role=button]:focus-visible circle,.bqa-chart g.bqa-sel rect,.bqa-chart g.bqa-sel circle{stroke:var(--fg);stroke-width:2.5}',
    '.bqa-chart g[role=button]:focus-visible text,.bqa-chart g.bqa-sel text{font-weight:700}',
    '.bqa-legend{display:flex;flex-wrap:wrap;gap:2px 12px;margin:4px 0 0;padding:0;list-style:none;font-size:12px;color:var(--mute)}',
    '.bqa-legend svg{margin-right:4px;vertical-align:middle}',
    '.bqa-chart-src{font-size:13px}',
    '.bqa-chart-src:not(:empty){margin-top:6px;padding:6px 8px;border-left:3px solid var(--c);background:var(--bg)}',
    '.bqa-chart-pick{margin:0 0 2px}',
    '.bqa-items{margin:6px 0 0;padding-left:1.3em}',
    '.bqa-meta{margin:6px 0 0;font-size:13px;color:var(--mute)}',
    '.bqa-meta b{font-weight:600;color:var(--fg)}',
    '.bqa-note{margin:6px 0 0;font-size:13px;color:#8a5a00}',
    '.bqa-block{margin-top:10px;padding-top:8px;border-top:1px dashed var(--line);font-size:13px}',
    '.bqa-label{font-weight:600;color:var(--mute);margin-bottom:4px}',
    '.bqa-sources ol{margin:0;padding-left:1.4em}',
    '.bqa-pageimg{display:block;max-width:100%;height:auto;border:1px solid var(--line)}',
    '.bqa-source{margin:0 0 6px}',
    '.bqa-quote{display:block;margin:4px 0;padding:2px 8px;border-left:3px solid var(--line);color:var(--mute);quotes:"「" "」"}',
    '.bqa-link{font:inherit;font-size:13px;color:var(--c);background:none;border:0;padding:0;margin-left:6px;cursor:pointer;text-decoration:underline;text-underline-offset:2px;white-space:nowrap}',
    '.bqa-chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}',
    '.bqa-chip{font:inherit;font-size:13px;line-height:1.4;padding:5px 11px;border:1px solid var(--c3);border-radius:15px;background:var(--c2);color:var(--c);cursor:pointer;text-align:left}',
    '.bqa-chip:hover,.bqa-chip:focus-visible{background:var(--c3)}',
    '.bqa-rate{display:flex;align-items:center;gap:6px;margin-top:8px;font-size:13px;color:var(--mute)}',
    '.bqa-rate button{display:inline-flex;align-items:center;margin:0;padding:5px 9px;border:1px solid var(--line);border-radius:14px;background:#fff;color:var(--mute);cursor:pointer}',
    '.bqa-rate svg{width:16px;height:16px;fill:currentColor}',
    '.bqa-rate button:hover{color:var(--c)}',
    '.bqa-rate button[aria-pressed=true]{color:var(--c)}',
    '.bqa-rate button[aria-pressed=true]{border-color:var(--c);background:var(--c2)}',
    '.bqa-rate button:disabled{cursor:default}',
    '.bqa-rate button:disabled:not([aria-pressed=true]){opacity:.45}',
    '.bqa-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
    '.bqa-foot{flex:0 0 auto;padding:0 12px 8px;background:#fff;font-size:12px;line-height:1.5;color:var(--mute);text-align:center}',
    '.bqa-foot p{margin:0}',
    '.bqa-form{flex:0 0 auto;position:relative;display:flex;gap:8px;padding:10px 12px;padding-bottom:max(10px,env(safe-area-inset-bottom));border-top:1px solid var(--line);background:#fff}',
    '.bqa-input{flex:1 1 auto;min-width:0;margin:0;font:inherit;font-size:16px;padding:8px 14px;border:1px solid var(--line);border-radius:20px;outline:none;background:#fff;color:var(--fg)}',
    '.bqa-input:focus{border-color:var(--c);box-shadow:0 0 0 3px var(--c2)}',
    '.bqa-send{flex:0 0 auto;margin:0;font:inherit;font-size:15px;padding:0 18px;border:0;border-radius:20px;background:var(--c);color:#fff;cursor:pointer}',
    '.bqa-send:disabled{opacity:.55;cursor:default}',
    '.bqa-sugg{position:absolute;left:12px;right:12px;bottom:100%;margin-bottom:4px;max-height:45vh;overflow-y:auto;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.14);z-index:2}',
    '.bqa-sugg button{display:block;width:100%;margin:0;padding:8px 14px;font:inherit;font-size:14px;text-align:left;border:0;background:none;color:var(--fg);cursor:pointer}',
    '.bqa-sugg button[aria-selected=true],.bqa-sugg button:hover{background:var(--c2)}',
    '.bqa-viewer{position:absolute;top:0;right:0;bottom:0;left:0;z-index:3;display:flex;flex-direction:column;background:#fff}',
    '.bqa-viewer-head{flex:0 0 auto;display:flex;align-items:center;gap:8px;padding:8px 8px 8px 16px;border-bottom:1px solid var(--line)}',
    '.bqa-viewer-title{flex:1 1 auto;min-width:0;font-weight:600;font-size:15px}',
    '.bqa-close{flex:0 0 auto;width:36px;height:36px;margin:0;padding:0;font:inherit;font-size:24px;line-height:1;border:0;border-radius:18px;background:transparent;color:inherit;cursor:pointer}',
    '.bqa-close:hover{background:rgba(127,127,127,.18)}',
    '.bqa-close:focus:not(:focus-visible){outline:none}',
    '.bqa-viewer-body{flex:1 1 auto;overflow:auto;padding:12px 16px}',
    '.bqa-table-meta{margin:0 0 8px;font-size:13px}',
    // A table scrolls in its own box, both ways, under a sticky header row
    // and beside sticky row labels, so that the cited cell keeps its
    // column's and row's names in view on a phone.
    '.bqa-viewer-body.bqa-has-table{display:flex;flex-direction:column;overflow:hidden}',
    '.bqa-has-table>*{flex:0 0 auto}',
    '.bqa-has-table>.bqa-table-wrap{flex:1 1 auto;min-height:0;overflow:auto}',
    '.bqa-table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;overscroll-behavior:contain}',
    '.bqa-table{border-collapse:separate;border-spacing:0;font-size:13px;line-height:1.45;min-width:100%}',
    '.bqa-table th,.bqa-table td{border:solid var(--line);border-width:0 1px 1px 0;padding:4px 8px;vertical-align:top;background:#fff}',
    '.bqa-table tr>:first-child{border-left-width:1px}',
    '.bqa-table thead th{position:sticky;top:0;z-index:2;background:var(--bg);font-weight:600;text-align:center;border-top-width:1px}',
    '.bqa-table thead th.bqa-corner{left:0;z-index:3}',
    '.bqa-table .bqa-stick{position:sticky;left:0;z-index:1;max-width:11em;box-shadow:1px 0 0 var(--line)}',
    '.bqa-table th.bqa-name{text-align:left;font-weight:400}',
    '.bqa-table td.bqa-num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}',
    '.bqa-table .bqa-name{min-width:8em}',
    '.bqa-table tr.bqa-hl>*{background:#fff4c7}',
    '.bqa-table tr.bqa-hl>td.bqa-hl-cell{background:#ffd966;font-weight:700;box-shadow:inset 0 0 0 2px #d99a00}',
    '.bqa-table .bqa-l2{padding-left:1.5em}.bqa-table .bqa-l3{padding-left:2.5em}.bqa-table .bqa-l4{padding-left:3.5em}',
    '.bqa-code{color:var(--mute);margin-right:4px;font-size:12px}',
    '.bqa-para{margin:0 0 12px;color:var(--mute)}',
    '.bqa-para.bqa-cur{color:var(--fg)}',
    '.bqa-line{display:block;font-size:12px;color:var(--mute)}',
    '.bqa-app mark{background:#ffe58a;color:inherit;padding:0 1px}',
    '.bqa-muted{color:var(--mute)}',
    '.bqa-error{color:#b42318}',
    '.bqa-fab{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:6px;margin:0;padding:12px 18px;font:inherit;font-size:15px;line-height:1.2;border:0;border-radius:26px;background:var(--c);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}',
    '.bqa-fab svg{width:20px;height:20px;fill:currentColor}',
    '.bqa-panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:380px;height:600px;max-height:calc(100vh - 110px);border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28)}',
    '.bqa-left .bqa-fab,.bqa-left .bqa-panel{right:auto;left:20px}',
    '.bqa-panel .bqa-head{padding:10px 8px 10px 16px;flex-wrap:nowrap}',
    '.bqa-panel .bqa-log{padding:12px}',
    '.bqa-panel .bqa-msg{max-width:96%}',
    '.bqa-panel .bqa-user{max-width:88%}',
    '@media (max-width:520px){',
    '.bqa-panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;max-height:none;border-radius:0}',
    '.bqa-left .bqa-panel{left:0;right:0}',
    '.bqa-open .bqa-fab{display:none}',
    '.bqa-page .bqa-head{padding:8px 12px 10px;gap:6px}',
    '.bqa-page .bqa-brand p{display:none}',
    '.bqa-scope label>span{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}',
    '.bqa-log{padding:12px}',
    '.bqa-msg{max-width:100%}',
    '.bqa-user{max-width:88%}',
    '.bqa-viewer-body{padding:10px 12px}',
    '}'
  ].join('\n');

  // addStyles puts CSS into root: a shadow root, or the document.
  function addStyles(root) {
    if (root !== document && 'adoptedStyleSheets' in root && window.CSSStyleSheet) {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (e) { /* fall back to a style element */ }
    }
    if (root === document && document.getElementById('bqa-style')) return;
    var st = h('style', { id: 'bqa-style', text: CSS });
    (root === document ? document.head : root).appendChild(st);
  }

  // ---- Mounting -----------------------------------------------------------

  // mountPage renders the full chat into el, scoped by the page's address
  // (?department=&year=&q=), and opens a source given by ?doc=.
  function mountPage(el) {
    var p = new URLSearchParams(location.search);
    addStyles(document);
    var app = new App({ mode: 'page', department: p.get('department') || data.department, year: p.get('year') || data.year, title: data.title });
    el.appendChild(app.el);
    app.start();
    if (p.get('doc')) {
      app.openSource({ doc_id: p.get('doc'), table: p.get('table') || '', row: p.get('row') || '', column: p.get('column') || '', line: Number(p.get('line')) || 0 });
    } else if (p.get('q')) {
      app.ask(p.get('q'));
    } else {
      app.focus();
    }
    return { app: app, open: function () {}, close: function () {} };
  }

  // mountWidget adds the floating button and its panel, in a shadow root.
  function mountWidget() {
    var host = h('div', { id: 'budgetqa-widget', 'data-budgetqa': '' });
    document.body.appendChild(host);
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    addStyles(host.attachShadow ? root : document);
    var icon = s('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' },
      s('path', { d: 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z' }));
    // The button's name is its text (label-content-name-mismatch otherwise);
    // aria-expanded says whether the panel is open.
    var fab = h('button', { type: 'button', class: 'bqa-fab', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' }, [icon, h('span', { text: data.label || '问预算' })]);
    var wrap = h('div', { class: 'bqa-root' + (data.position === 'left' ? ' bqa-left' : ''), style: themeStyle() }, fab);
    root.appendChild(wrap);
    var app = null;
    var w = {
      open: function () {
        if (!app) {
          app = new App({ mode: 'panel', department: data.department, year: data.year, title: data.title, onClose: function () { w.close(); } });
          wrap.appendChild(app.el);
          app.start();
          w.app = app;
        }
        app.el.hidden = false;
        wrap.classList.add('bqa-open');
        fab.setAttribute('aria-expanded', 'true');
        fab.setAttribute('aria-controls', 'bqa-panel');
        app.focus();
      },
      close: function () {
        if (!app) return;
        app.el.hidden = true;
        wrap.classList.remove('bqa-open');
        fab.setAttribute('aria-expanded', 'false');
        fab.focus();
      }
    };
    fab.addEventListener('click', function () { if (app && !app.el.hidden) w.close(); else w.open(); });
    if (data.open === 'true') w.open();
    return w;
  }

  var api = { loaded: true, base: base, open: function () {}, close: function () {}, ask: function () { return Promise.resolve(); } };
  window.BudgetQA = api;

  function boot() {
    var target = data.mount ? document.querySelector(data.mount) : null;
    var w = target ? mountPage(target) : mountWidget();
    api.open = w.open;
    api.close = w.close;
    api.ask = function (q) {
      w.open();
      return (w.app || {}).ask ? w.app.ask(q) : Promise.resolve();
    };
  }

  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot);
})();
