// Earshot's report.html script: its own, inlined into every report (nothing is fetched). It filters the list of
// calls and draws a call's section (timeline, player, turns) only when the section is opened, so a report of
// thousands of calls opens as fast as one of ten.
(function () {
  'use strict';
  var errors = [];
  function fail(msg) {
    errors.push(msg);
    var box = document.getElementById('errors');
    box.hidden = false;
    box.textContent = 'This page hit an error, so part of it may be missing:\n' + errors.join('\n');
    document.documentElement.setAttribute('data-errors', String(errors.length));
  }
  window.addEventListener('error', function (e) { fail(e.message + (e.lineno ? ' (line ' + e.lineno + ')' : '')); });

  var DATA = JSON.parse(document.getElementById('earshot-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function el(tag, attrs) {
    var e = document.createElement(tag);
    setAll(e, attrs);
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    setAll(e, attrs);
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function setAll(e, attrs) {
    if (!attrs) return;
    for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
  }
  function add(e, c) {
    if (c === null || c === undefined) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(e, x); }); return; }
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  function titled(node, text) { node.appendChild(sv('title', null, text)); return node; }
  function ms(v) { return v === null || v === undefined ? '–' : Math.round(v) + ' ms'; }
  function pct(v) { return v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%'; }
  // a path of the run's own files, never a URL with a scheme (a report edited by hand cannot make a link run script)
  function rel(p) { return typeof p === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(p) ? p : null; }
  function layerTag(l) { return el('span', { 'class': 'layer ' + l }, l); }
  function failureNode(f) {
    if (!f) return null;
    var fig = f.figure !== undefined && f.figure !== null ? 'figure ' + f.figure + (f.limit !== undefined && f.limit !== null ? ', limit ' + f.limit : '') : null;
    return el('span', { 'class': 'fail', title: fig }, layerTag(f.layer), ' ', el('code', null, f.code), ' ', f.message);
  }

  // ---- the list of calls and its filters
  var fLayer = document.getElementById('f-layer'), fProfile = document.getElementById('f-profile'), fText = document.getElementById('f-text');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.calls tbody tr'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.call'));
  function applyFilter() {
    var layer = fLayer.value, profile = fProfile.value, text = fText.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!layer || (' ' + r.getAttribute('data-layers') + ' ').indexOf(' ' + layer + ' ') >= 0)
        && (!profile || r.getAttribute('data-profile') === profile)
        && (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.classList.toggle('hidden', !ok);
      sections[i].classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    document.getElementById('f-count').textContent = shown + ' of ' + rows.length + ' calls';
  }
  [fLayer, fProfile].forEach(function (s) { s.addEventListener('change', applyFilter); });
  fText.addEventListener('input', applyFilter);
  document.querySelectorAll('a[data-layer]').forEach(function (a) {
    a.addEventListener('click', function () {
      fLayer.value = a.getAttribute('data-layer');
      fProfile.value = a.getAttribute('data-profile') || '';
      fText.value = '';
      applyFilter();
    });
  });

  // ---- a call's section, drawn when opened
  sections.forEach(function (s) {
    var details = s.querySelector('details');
    details.addEventListener('toggle', function () { if (details.open) draw(s); });
  });
  function draw(section) {
    var body = section.querySelector('.body');
    if (body.getAttribute('data-drawn')) return;
    body.setAttribute('data-drawn', '1');
    try {
      drawCall(body, DATA.calls[Number(section.getAttribute('data-i'))]);
    } catch (e) {
      fail('call ' + section.id.slice(5) + ': ' + e.message);
    }
  }
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf('call-') !== 0) return;
    var s = document.getElementById(id);
    if (!s) return;
    s.classList.remove('hidden');
    s.querySelector('details').open = true;
    draw(s);
    s.scrollIntoView();
  }
  window.addEventListener('hashchange', openTarget);

  function drawCall(body, d) {
    var c = d.call;
    var audio = null;
    if (rel(c.recording)) {
      // the section is open, so its recording is wanted: its header is read now (a few bytes), its samples when played
      audio = el('audio', { controls: '', preload: 'metadata', src: c.recording });
      audio.addEventListener('loadedmetadata', function () { audio.setAttribute('data-duration', audio.duration.toFixed(2)); });
      audio.addEventListener('error', function () { fail('call ' + c.id + ': its recording ' + c.recording + ' cannot be played (missing, or not beside this page)'); });
      add(body, el('div', { 'class': 'player' }, audio, ' ', el('span', { 'class': 'kv' }, 'stereo: the caller on the left, the agent on the right · '),
        el('a', { href: rel(c.recording) }, 'recording'),
        rel(c.capture) ? [' · ', el('a', { href: rel(c.capture) }, 'pcap')] : null,
        rel(d.events_file) ? [' · ', el('a', { href: rel(d.events_file) }, 'events')] : null,
        c.wire && rel(c.wire.log) ? [' · ', el('a', { href: rel(c.wire.log) }, 'wire log')] : null));
    }
    if (d.events_error) add(body, el('p', { 'class': 'bad' }, d.events_error));
    if (d.events && d.events.length) add(body, timeline(c, d.events, d.peaks, audio));
    else add(body, el('p', { 'class': 'note' }, 'No timeline: this call left no events (it was not set up, or the run is older than events).'));
    if (c.failure) add(body, el('p', null, 'Call: ', failureNode(c.failure)));
    add(body, turns(c));
    if (c.barge_ins.length) add(body, bargeIns(c));
    if (c.branches && c.branches.length) add(body, branches(c));
    add(body, telephony(c));
  }

  // ---- the timeline: caller and agent lanes over the waveform, each utterance a box, latency spans, marks
  function timeline(c, events, peaks, audio) {
    var t0 = null, rec = null;
    events.forEach(function (e) { if (e.type === 'media_start' && t0 === null) t0 = e.t; if (e.type === 'recorded') rec = e; });
    if (t0 === null) t0 = 0;
    var dur = Math.max(c.duration_s || 0, rec ? Math.max(rec.caller_ms, rec.agent_ms) / 1000 : 0, 1);
    events.forEach(function (e) { dur = Math.max(dur, (e.t - t0) / 1000); });
    var W = Math.max(900, Math.round(dur * 60)), left = 56, pxs = (W - left - 10) / dur;
    var lane = 64, top = 18, callerY = top, agentY = top + lane + 30, H = agentY + lane + 44;
    function X(s) { return left + s * pxs; }
    function S(e) { return (e.t - t0) / 1000; }
    var g = sv('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'class': 'tl' });
    g.earshotX = X;
    var axis = sv('g', { 'class': 'axis' });
    var step = dur > 120 ? 10 : dur > 40 ? 5 : dur > 12 ? 2 : 1;
    for (var s = 0; s <= dur; s += step) {
      add(axis, sv('line', { x1: X(s), x2: X(s), y1: top - 4, y2: H - 20 }));
      add(axis, sv('text', { x: X(s), y: H - 6, 'text-anchor': 'middle' }, s + ' s'));
    }
    add(g, axis);
    add(g, sv('text', { 'class': 'lane-label', x: 4, y: callerY + lane / 2 + 4 }, 'caller'));
    add(g, sv('text', { 'class': 'lane-label', x: 4, y: agentY + lane / 2 + 4 }, 'agent'));
    if (peaks) {
      wave(g, peaks.caller, 'caller', callerY, lane, pxs, left);
      wave(g, peaks.agent, 'agent', agentY, lane, pxs, left);
    }
    // utterances
    var open = {}, transcripts = {}, greetingSeg = null;
    events.forEach(function (e) {
      if (e.type === 'transcript') transcripts[e.segment] = e.text;
      if (e.type === 'greeting') greetingSeg = e.segment;
    });
    events.forEach(function (e) {
      var key;
      if (e.type === 'caller_speech_start') open['c' + e.step + '.' + e.utterance] = e;
      else if (e.type === 'caller_speech_end') {
        key = 'c' + e.step + '.' + e.utterance;
        if (open[key]) { box(g, S(open[key]), S(e), callerY, 'caller', open[key].text || '(' + open[key].kind + ')', e.stopped ? ' (stopped: the caller barged in or was cut)' : ''); delete open[key]; }
      } else if (e.type === 'agent_speech_start') open['a' + e.segment] = e;
      else if (e.type === 'agent_speech_end') {
        key = 'a' + e.segment;
        if (open[key]) {
          var label = (e.segment === greetingSeg ? 'greeting: ' : '') + (transcripts[e.segment] !== undefined ? transcripts[e.segment] || '(no words)' : '(not transcribed)');
          box(g, S(open[key]), S(e), agentY, 'agent', label, '');
          delete open[key];
        }
      } else if (e.type === 'dtmf_start') open['d' + e.step] = e;
      else if (e.type === 'dtmf_end' && open['d' + e.step]) {
        box(g, S(open['d' + e.step]), S(e), callerY + lane - 18, 'dtmf', 'DTMF ' + open['d' + e.step].keys, ' (' + open['d' + e.step].mode + ')', 16);
        delete open['d' + e.step];
      }
    });
    for (var k in open) { // still going when the call ended
      var e0 = open[k];
      if (k[0] === 'c') box(g, S(e0), dur, callerY, 'caller', e0.text || '', ' (still going when the call ended)');
      else if (k[0] === 'a') box(g, S(e0), dur, agentY, 'agent', transcripts[e0.segment] || '', ' (still going when the call ended)');
    }
    // latency spans, from the judged turns
    c.turns.forEach(function (t) {
      if (t.latency_ms === null || t.caller_speech_end_s === null || t.reply_start_s === null) return;
      var bad = t.failure && t.failure.layer === 'latency';
      var x1 = X(t.caller_speech_end_s), x2 = X(t.reply_start_s), y = callerY + lane + 15;
      add(g, titled(sv('g', { 'class': 'lat' + (bad ? ' bad' : '') },
        sv('line', { x1: x1, x2: x2, y1: y, y2: y }), sv('line', { x1: x1, x2: x1, y1: y - 5, y2: y + 5 }), sv('line', { x1: x2, x2: x2, y1: y - 5, y2: y + 5 }),
        sv('text', { x: (x1 + x2) / 2, y: y - 3, 'text-anchor': 'middle' }, Math.round(t.latency_ms) + ' ms')),
        'turn ' + t.index + ': latency ' + Math.round(t.latency_ms) + ' ms (caller\'s last speech frame to the reply\'s first)'));
    });
    // marks
    var row = 0;
    function mark(sec, text, cls, tip) {
      var x = X(sec), y = H - 26 - (row++ % 3) * 11;
      add(g, titled(sv('g', { 'class': 'mark ' + (cls || '') }, sv('line', { x1: x, x2: x, y1: top - 6, y2: y - 8 }),
        sv('text', { x: x + 3, y: y }, text)), tip || text));
    }
    c.barge_ins.forEach(function (b) {
      if (b.onset_s === null) return;
      mark(b.onset_s, (b.kind === 'noise_only' ? 'noise' : 'barge-in') + ' step ' + b.step, 'barge' + (b.passed ? '' : ' bad'), b.detail);
      if (b.reaction_ms !== null) mark(b.onset_s + b.reaction_ms / 1000, 'agent stopped +' + Math.round(b.reaction_ms) + ' ms', b.passed ? 'barge' : 'bad', b.detail);
    });
    events.forEach(function (e) {
      var s = S(e);
      switch (e.type) {
        case 'dtmf_heard': mark(s, 'agent DTMF ' + e.key, '', 'the agent sent DTMF ' + e.key + (e.in_band ? ' (in-band)' : ' (RFC 4733)')); break;
        case 'refer': mark(s, 'REFER → ' + e.target, ''); break;
        case 'sip': mark(s, e.kind, '', e.kind + ': ' + e.detail); break;
        case 'budget_spent': mark(s, 'budget: ' + e.failure.code, 'bad', e.failure.message); break;
        case 'conversation_failed': mark(s, e.failure.code, 'bad', e.failure.message); break;
        case 'media_problem': mark(s, e.kind, 'bad', e.message); break;
        case 'agent_hung_up': if (e.hung_up) mark(s, 'agent hung up', ''); break;
        case 'hangup': mark(s, e.by_remote ? 'BYE from agent' : 'BYE', '', e.cause); break;
        case 'step_end': if (e.failure) mark(s, 'step ' + e.step + ': ' + e.failure.code, 'bad', e.failure.message); break;
      }
    });
    var head = sv('line', { 'class': 'playhead', x1: left, x2: left, y1: top - 6, y2: H - 20, visibility: 'hidden' });
    add(g, head);
    if (audio) {
      g.addEventListener('click', function (ev) {
        var r = g.getBoundingClientRect(), sec = Math.max(0, (ev.clientX - r.left) * (W / r.width) - left) / pxs;
        audio.currentTime = sec;
        audio.play().catch(function () {});
      });
      var tick = function () {
        head.setAttribute('x1', X(audio.currentTime)); head.setAttribute('x2', X(audio.currentTime)); head.setAttribute('visibility', 'visible');
        if (!audio.paused) requestAnimationFrame(tick);
      };
      audio.addEventListener('play', tick); audio.addEventListener('seeked', tick);
    }
    return el('div', null, el('div', { 'class': 'legend' }, el('span', null, el('i', { style: 'background:var(--caller)' }), 'caller'),
      el('span', null, el('i', { style: 'background:var(--agent)' }), 'agent'), el('span', null, 'click the timeline to listen from there')),
      el('div', { 'class': 'timeline' }, g));
  }
  function wave(g, str, cls, y, lane, pxs, left) {
    if (!str) return;
    var hz = DATA.peaks_hz, mid = y + lane / 2, d = [];
    for (var i = 0; i < str.length; i++) {
      var v = B64.indexOf(str[i]) / 63, h = Math.max(0.5, v * (lane / 2 - 2)), x = left + (i / hz) * pxs;
      d.push('M' + x.toFixed(1) + ' ' + (mid - h).toFixed(1) + 'v' + (2 * h).toFixed(1));
    }
    add(g, sv('path', { 'class': 'wave ' + cls, d: d.join(''), stroke: 'currentColor', 'stroke-width': Math.max(1, pxs / hz * 0.8).toFixed(1),
      style: 'color:var(--' + cls + ');stroke-opacity:.35' }));
  }
  function box(g, from, to, y, cls, text, extra, height) {
    var h = height || 26;
    var x1 = g.earshotX(from), x2 = g.earshotX(to);
    var r = sv('rect', { 'class': 'utt ' + cls, x: x1, y: y + 4, width: Math.max(2, x2 - x1), height: h, rx: 3 });
    var chars = Math.floor((x2 - x1 - 6) / 6.2);
    var label = chars < 3 ? '' : text.length > chars ? text.slice(0, chars - 1) + '…' : text;
    add(g, titled(sv('g', null, r, sv('text', { 'class': 'utt', x: x1 + 3, y: y + 4 + h / 2 + 4 }, label)),
      text + extra + ' (' + from.toFixed(2) + '–' + to.toFixed(2) + ' s)'));
  }

  // ---- what was said, heard and judged
  function turns(c) {
    if (!c.turns.length) return el('p', { 'class': 'note' }, 'No expect step was reached.');
    var tb = el('tbody');
    c.turns.forEach(function (t) {
      var a = t.agent;
      var expected = [];
      if (t.expected_intent) expected.push('intent ' + t.expected_intent);
      t.expected_phrases.forEach(function (p) { expected.push(t.missing_phrases.indexOf(p) >= 0 ? '✗ ' + p : '✓ ' + p); });
      add(tb, el('tr', null, el('td', null, String(t.index)), el('td', { 'class': 'text' }, t.said || '(greeting)'),
        el('td', { 'class': 'text' }, a ? [a.heard, a.asr_wer !== null ? el('div', { 'class': 'kv' }, 'WER ' + pct(a.asr_wer)) : null,
          a.tools && a.tools.length ? el('div', { 'class': 'kv' }, 'tools: ' + a.tools.map(function (x) {
            var args = Object.keys(x.args).map(function (k) { return k + '=' + x.args[k]; }).join(', ');
            return x.name + (args ? '(' + args + ')' : '');
          }).join('; ')) : null] : el('span', { 'class': 'kv' }, 'no report')),
        el('td', { 'class': 'text' }, t.heard === null ? el('span', { 'class': 'kv' }, 'no reply') : t.heard),
        el('td', { 'class': 'text lines' }, expected.join('\n')),
        el('td', null, t.observed_intent || '', a && a.intent && a.intent !== t.observed_intent ? el('div', { 'class': 'kv' }, 'agent says ' + a.intent) : null),
        el('td', null, ms(t.latency_ms)),
        el('td', { 'class': t.passed ? 'ok' : 'bad' }, t.passed ? 'passed' : ['failed ', failureNode(t.failure)])));
    });
    return el('table', { 'class': 'turns' }, el('thead', null, el('tr', null, ['#', 'the caller said', 'the agent heard (its side channel)',
      'the agent said (Earshot heard)', 'expected', 'intent', 'latency', 'verdict'].map(function (x) { return el('th', null, x); }))), tb);
  }
  function bargeIns(c) {
    var tb = el('tbody');
    c.barge_ins.forEach(function (b) {
      add(tb, el('tr', null, el('td', null, String(b.step)), el('td', null, b.kind), el('td', null, b.onset_s === null ? '–' : b.onset_s.toFixed(2) + ' s'),
        el('td', null, ms(b.reaction_ms)), el('td', null, b.max_reaction_ms + ' ms'), el('td', { 'class': b.passed ? 'ok' : 'bad' }, b.passed ? 'passed' : 'failed'),
        el('td', null, b.detail)));
    });
    return el('table', { 'class': 'turns' }, el('thead', null, el('tr', null, ['step', 'kind', 'onset', 'agent stopped after', 'limit', 'verdict', 'what happened']
      .map(function (x) { return el('th', null, x); }))), tb);
  }
  // the path a reacting script took: each on: case (or else) and each answers round, in order
  function branches(c) {
    var tb = el('tbody');
    c.branches.forEach(function (b) {
      var bad = b.taken === 'unanswered' || b.taken === 'else: fail';
      add(tb, el('tr', null, el('td', null, String(b.step)), el('td', null, b.kind), el('td', { 'class': bad ? 'bad' : null }, b.taken),
        el('td', { 'class': 'text' }, b.check || ''), el('td', { 'class': 'text' }, (b.heard === null ? '' : b.heard) + (b.keys === null || b.keys === undefined ? '' : (b.heard ? ' · ' : '') + 'keys ' + (b.keys || '(none)'))),
        el('td', null, b.at_s === null ? '–' : b.at_s.toFixed(2) + ' s')));
    });
    return el('table', { 'class': 'turns branches' }, el('caption', null, 'Path taken'), el('thead', null, el('tr', null,
      ['step', 'kind', 'taken', 'on', 'the agent said (Earshot heard)', 'at'].map(function (x) { return el('th', null, x); }))), tb);
  }
  function telephony(c) {
    var r = c.rtp, parts = [];
    function kv(k, v) { if (v !== null && v !== undefined && v !== '') parts.push(el('span', null, k + ' ', el('b', null, String(v)), ' · ')); }
    kv('SIP Call-ID', c.sip_call_id); kv('setup', c.setup_ms === null ? null : c.setup_ms.toFixed(1) + ' ms');
    kv('time to greeting', c.time_to_greeting_ms === null ? null : ms(c.time_to_greeting_ms)); kv('ended by', c.ended_by);
    if (r) {
      kv('codec', r.codec); kv('RTP sent', r.sent); kv('received', r.received); kv('lost', r.lost); kv('jitter', r.jitter_ms.toFixed(1) + ' ms');
      if (r.clipped_frames > 0) kv('clipped frames', r.clipped_frames);
      kv('Earshot send-time p99', r.send_error_p99_ms.toFixed(1) + ' ms'); if (r.srtp) kv('SRTP', r.srtp.suite);
    }
    if (c.path) { kv('local', c.path.local); kv('agent media', c.path.media_observed); if (c.path.latched) kv('latched', 'yes'); }
    kv('transferred to', c.transferred_to);
    if (c.refused_reports.length) kv('side-channel reports refused', c.refused_reports.length);
    c.sip_events.forEach(function (e) { kv(e.kind + (e.at_s !== null ? ' at ' + e.at_s.toFixed(2) + ' s' : ''), e.detail); });
    return el('p', { 'class': 'kv' }, parts);
  }

  applyFilter();
  openTarget();
  document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
})();
