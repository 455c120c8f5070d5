// The views of the mha-explain --html page (docs/html.md), drawn from the
// JSON of the element #mha-data. Ours, small, no library, no network.
//
// Head view: query tokens in the left column, key tokens in the right one,
// and on a canvas between them one line per (query, key) whose opacity is
// the attention weight, one colour per head. Pointing at a token shows only
// its lines (a click keeps it). With more than LARGE query tokens the view
// without a pointer draws only the TOP_K strongest keys of each query, so
// the page stays quick at n = 512 (it says so on the page).
// Matrix view: one heatmap per head that is ticked, the value under the
// pointer in a tooltip.
//
// After each drawing the root element #mha-view says what it shows, for
// tests and for anyone reading the DOM: data-tokens and data-keys (JSON
// arrays of the token elements' texts, in order), data-heads (heads in the
// run), data-heads-drawn (heads whose lines are drawn now), data-matrices
// (heatmaps drawn), data-lines (line segments on the canvas), data-mode
// ("all", "top-k" or "focus") and data-ready="1".
//
// The address can say what to show first: view.html#q=3 keeps query token 3
// in focus, #k=0 key token 0, and heads=0,2 ticks only those heads
// (view.html#q=3&heads=1). A link shows the same view to someone else.
//
// A --model page (data.model set) holds every captured (layer, head): the
// head and matrix views show one layer at a time (#layer-controls: a layer
// and a head selector; #layer=3 in the address), above them the layers ×
// heads overview (#overview-grid: a thumbnail per head, a click opens it;
// #open=3/5 in the address clicks the one of layer 3, head 5),
// below them the attention rollout (#rollout) and the head statistics table
// (rows open their head too). Its weights come as float32 bytes in base64.
// Such a page's root also says data-layer (the layer shown), data-layers,
// data-thumbnails, data-rollout ("1" when drawn) and data-stats-rows.
(function () {
  "use strict";

  const LARGE = 64;  // above this many query tokens, draw the strongest keys only
  const TOP_K = 3;
  const CANVAS_WIDTH = 260;  // between the two token columns
  const MATRIX_PIXELS = 440;  // a heatmap's largest side, before labels

  const data = JSON.parse(document.getElementById("mha-data").textContent);
  const root = document.getElementById("mha-view");
  const words = data.words;
  const model = data.model || null;
  const modelWords = data.model_words || {};
  const n = data.tokens.length;
  const m = data.keys.length;
  const large = n > LARGE;

  // Each head's weights as one Float32Array of n × m, row by row; a masked
  // cell is -Infinity (null in a toy page's JSON rows, -inf in a model page's
  // float32 bytes, little-endian, in base64).
  function fromRows(rows) {
    const a = new Float32Array(n * m);
    rows.forEach((row, q) => row.forEach((v, k) => { a[q * m + k] = v === null ? -Infinity : v; }));
    return a;
  }
  function fromBase64(text) {
    const bytes = atob(text);
    const view = new DataView(new ArrayBuffer(bytes.length));
    for (let i = 0; i < bytes.length; i++) view.setUint8(i, bytes.charCodeAt(i));
    const a = new Float32Array(bytes.length / 4);
    for (let i = 0; i < a.length; i++) a[i] = view.getFloat32(4 * i, true);
    return a;
  }
  const allHeads = data.heads.map((h) => ({
    layer: h.layer === undefined ? null : h.layer,
    head: h.head,
    symbol: h.symbol,
    formula: h.formula,
    w: h.weights_f32 !== undefined ? fromBase64(h.weights_f32) : fromRows(h.weights),
  }));
  const isMasked = (v) => v === -Infinity;
  // The float32 as its shortest decimal that reads back the same (as in the trace).
  function float32Text(v) {
    for (let p = 1; p <= 9; p++) {
      const x = Number(v.toPrecision(p));
      if (Math.fround(x) === v) return String(x);
    }
    return String(v);
  }

  // The layers of the page (one, null, in a toy run) and the heads of the one shown.
  const layers = model ? data.layers : [null];
  let layer = layers[0];
  let heads = [];
  const visible = new Set(allHeads.map((h) => h.head));  // head indices ticked, kept across layers
  const rowHeight = n > LARGE || m > LARGE ? 16 : 28;
  const font = getComputedStyle(document.body).fontFamily;

  // One colour per head: ten distinct ones, then hues a golden angle apart.
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  function headColour(h) {
    if (h < PALETTE.length) {
      const hex = PALETTE[h];
      return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    }
    return hslToRgb((h * 137.508) % 360, 0.65, 0.45);
  }
  function hslToRgb(hue, s, l) {
    const a = s * Math.min(l, 1 - l);
    const f = (k) => {
      const t = (k + hue / 30) % 12;
      return Math.round(255 * (l - a * Math.max(-1, Math.min(t - 3, 9 - t, 1))));
    };
    return [f(0), f(8), f(4)];
  }
  const css = (rgb) => "rgb(" + rgb.join(",") + ")";
  let colours = [];
  let shown = [];
  let strongest = null;
  let focus = null;   // {side: "q" | "k", i} while a token is pointed at or kept
  let pinned = false;

  // The TOP_K strongest keys of each query row of a head (large n only).
  function strongestKeys(h) {
    const rows = [];
    for (let q = 0; q < n; q++) {
      const order = [];
      for (let k = 0; k < m; k++) if (!isMasked(h.w[q * m + k])) order.push(k);
      order.sort((a, b) => h.w[q * m + b] - h.w[q * m + a] || a - b);
      rows.push(order.slice(0, TOP_K));
    }
    return rows;
  }

  // ---- head toggles -------------------------------------------------------
  const toggles = document.getElementById("head-toggles");
  function buildToggles() {
    toggles.replaceChildren();
    heads.forEach((h, i) => {
      const label = document.createElement("label");
      label.className = "head-toggle";
      label.dataset.head = String(h.head);
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = shown[i];
      box.addEventListener("change", () => {
        shown[i] = box.checked;
        if (box.checked) visible.add(h.head); else visible.delete(h.head);
        syncHeadSelect();
        drawAll();
      });
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.style.background = css(colours[i]);
      label.append(box, chip, document.createTextNode(words.head + " " + h.head));
      toggles.append(label);
    });
  }

  // The heads of `l` become the views' heads; the ticked ones stay ticked.
  function useLayer(l) {
    layer = l;
    heads = allHeads.filter((h) => h.layer === l);
    colours = heads.map((h) => headColour(h.head));
    if (model && !heads.some((h) => visible.has(h.head))) heads.forEach((h) => visible.add(h.head));
    shown = heads.map((h) => visible.has(h.head));
    strongest = large ? heads.map(strongestKeys) : null;
    buildToggles();
    if (model) {
      layerSelect.value = String(l);
      headSelect.replaceChildren(option("", modelWords.all_heads));
      heads.forEach((h) => headSelect.append(option(String(h.head), words.head + " " + h.head)));
      syncHeadSelect();
      root.dataset.layer = String(l);
    }
  }

  // ---- layer and head selectors (model pages) -------------------------------
  function option(value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }
  const layerSelect = document.createElement("select");
  layerSelect.id = "layer-select";
  const headSelect = document.createElement("select");
  headSelect.id = "head-select";
  function syncHeadSelect() {
    const ticked = heads.filter((h, i) => shown[i]);
    headSelect.value = ticked.length === 1 && heads.length > 1 ? String(ticked[0].head) : "";
  }
  // Only head h of layer l (h null: every head of it), in both views.
  function openHead(l, h) {
    if (h === null) allHeads.forEach((x) => visible.add(x.head));
    else { visible.clear(); visible.add(h); }
    useLayer(l);
    drawAll();
  }
  if (model) {
    const controls = document.getElementById("layer-controls");
    layers.forEach((l) => layerSelect.append(option(String(l), modelWords.layer + " " + l)));
    layerSelect.addEventListener("change", () => { useLayer(Number(layerSelect.value)); drawAll(); });
    headSelect.addEventListener("change", () => {
      openHead(layer, headSelect.value === "" ? null : Number(headSelect.value));
    });
    const l1 = document.createElement("label");
    l1.append(document.createTextNode(modelWords.layer + " "), layerSelect);
    const l2 = document.createElement("label");
    l2.append(document.createTextNode(words.head + " "), headSelect);
    controls.append(l1, l2);
  }
  useLayer(layer);
  if (large) {
    const note = document.getElementById("head-note");
    note.textContent = words.large.replace("{n}", String(n)).replace("{k}", String(TOP_K));
    note.hidden = false;
  }

  // ---- head view ------------------------------------------------------------
  const lines = document.getElementById("head-lines");
  const padding = new Set();
  (data.key_padding || []).forEach((p, k) => { if (p) padding.add(k); });
  const dead = new Set(data.fully_masked_rows);

  function column(side, labels, title) {
    const col = document.createElement("div");
    col.className = "column " + (side === "q" ? "queries" : "keys");
    const head = document.createElement("div");
    head.className = "column-title";
    head.textContent = title;
    col.append(head);
    labels.forEach((text, i) => {
      const tok = document.createElement("div");
      tok.className = "tok";
      tok.dataset.side = side;
      tok.dataset.index = String(i);
      tok.style.height = rowHeight + "px";
      tok.textContent = text;
      if (side === "k" && padding.has(i)) { tok.classList.add("pad"); tok.title = words.padding; }
      if (side === "q" && dead.has(i)) { tok.classList.add("dead"); tok.title = words.no_keys; }
      if (model && model.token_types[i] === 1) tok.classList.add("segment-b");
      tok.addEventListener("mouseenter", () => { if (!pinned) setFocus({side, i}); });
      tok.addEventListener("mouseleave", () => { if (!pinned) setFocus(null); });
      tok.addEventListener("click", () => {
        const same = focus && focus.side === side && focus.i === i;
        pinned = !(pinned && same);
        setFocus(pinned ? {side, i} : null);
      });
      col.append(tok);
    });
    return col;
  }
  const queryColumn = column("q", data.tokens, words.queries);
  const keyColumn = column("k", data.keys, words.keys);
  const queryTokens = Array.from(queryColumn.querySelectorAll(".tok"));
  const keyTokens = Array.from(keyColumn.querySelectorAll(".tok"));
  const canvas = document.createElement("canvas");
  const scale = window.devicePixelRatio || 1;
  const canvasHeight = Math.max(n, m) * rowHeight;
  canvas.width = Math.round(CANVAS_WIDTH * scale);
  canvas.height = Math.round(canvasHeight * scale);
  canvas.style.width = CANVAS_WIDTH + "px";
  canvas.style.height = canvasHeight + "px";
  lines.append(queryColumn, canvas, keyColumn);

  function setFocus(f) {
    focus = f;
    drawLines();
  }

  function drawLines() {
    const ctx = canvas.getContext("2d");
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, CANVAS_WIDTH, canvasHeight);
    ctx.lineWidth = large ? 1 : 2;
    // The heads' lines of one pair run side by side, a few pixels apart,
    // rather than on top of each other.
    const showing = shown.filter(Boolean).length;
    const spacing = Math.min(4, (rowHeight - 6) / Math.max(1, showing));
    let offset = 0;
    const y = (i) => (i + 0.5) * rowHeight + offset;
    let count = 0;
    const line = (q, k, weight, colour) => {
      if (!(weight > 0)) return;
      ctx.globalAlpha = Math.min(1, weight);
      ctx.strokeStyle = colour;
      ctx.beginPath();
      ctx.moveTo(2, y(q));
      ctx.lineTo(CANVAS_WIDTH - 2, y(k));
      ctx.stroke();
      count += 1;
    };
    let drawn = 0;
    heads.forEach((h, i) => {
      if (!shown[i]) return;
      offset = (drawn - (showing - 1) / 2) * spacing;
      drawn += 1;
      const colour = css(colours[i]);
      const w = h.w;
      if (focus && focus.side === "q") {
        for (let k = 0; k < m; k++) line(focus.i, k, w[focus.i * m + k], colour);
      } else if (focus && focus.side === "k") {
        for (let q = 0; q < n; q++) line(q, focus.i, w[q * m + focus.i], colour);
      } else if (large) {
        for (let q = 0; q < n; q++) strongest[i][q].forEach((k) => line(q, k, w[q * m + k], colour));
      } else {
        for (let q = 0; q < n; q++) for (let k = 0; k < m; k++) line(q, k, w[q * m + k], colour);
      }
    });
    ctx.globalAlpha = 1;
    shadeTokens();
    root.dataset.headsDrawn = String(drawn);
    root.dataset.lines = String(count);
    root.dataset.mode = focus ? "focus" : large ? "top-" + TOP_K : "all";
  }

  // The tokens on the other side of the focused one are shaded by the
  // largest weight any ticked head gives them.
  function shadeTokens() {
    queryTokens.concat(keyTokens).forEach((t) => { t.classList.remove("focus"); t.style.background = ""; });
    if (!focus) return;
    const mine = focus.side === "q" ? queryTokens : keyTokens;
    const other = focus.side === "q" ? keyTokens : queryTokens;
    mine[focus.i].classList.add("focus");
    other.forEach((t, j) => {
      let best = 0;
      heads.forEach((h, i) => {
        if (!shown[i]) return;
        const v = focus.side === "q" ? h.w[focus.i * m + j] : h.w[j * m + focus.i];
        if (v > best) best = v;
      });
      t.style.background = "rgba(43, 108, 176, " + (0.6 * best).toFixed(3) + ")";
    });
  }

  // ---- matrix view ----------------------------------------------------------
  const matrices = document.getElementById("matrices");
  const tooltip = document.getElementById("tooltip");
  const cell = Math.max(1, Math.min(40, Math.floor(MATRIX_PIXELS / Math.max(n, m))));
  const labelled = cell >= 14;

  // A figure with a caption and a canvas of the n × m values: colour(v) is
  // each cell's [r, g, b], tip(q, k, v) the tooltip's text for the cell under
  // the pointer. Labels beside the cells when they are large enough.
  function heatmap(captionText, values, colour, tip) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = captionText;
    const c = document.createElement("canvas");
    const ctx = c.getContext("2d");
    const labelFont = "13px " + font;
    ctx.font = labelFont;
    const widest = (labels) => labels.reduce((a, t) => Math.max(a, ctx.measureText(t).width), 0);
    const left = labelled ? Math.ceil(widest(data.tokens)) + 8 : 0;
    const top = labelled ? Math.ceil(widest(data.keys)) + 8 : 0;
    const width = left + m * cell;
    const height = top + n * cell;
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    c.style.width = width + "px";
    c.style.height = height + "px";
    ctx.setTransform(scale, 0, 0, scale, 0, 0);

    // One pixel per cell, then scaled up without smoothing.
    const pixels = cellPixels(values, colour);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(pixels, left, top, m * cell, n * cell);

    if (labelled) {
      ctx.font = labelFont;
      ctx.fillStyle = "#1d1f23";
      ctx.textBaseline = "middle";
      ctx.textAlign = "right";
      data.tokens.forEach((t, q) => ctx.fillText(t, left - 4, top + (q + 0.5) * cell));
      ctx.save();
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "left";
      data.keys.forEach((t, k) => ctx.fillText(t, -top + 4, left + (k + 0.5) * cell));
      ctx.restore();
    }

    c.addEventListener("mousemove", (e) => {
      const box = c.getBoundingClientRect();
      const k = Math.floor((e.clientX - box.left - left) / cell);
      const q = Math.floor((e.clientY - box.top - top) / cell);
      if (q < 0 || q >= n || k < 0 || k >= m) { tooltip.hidden = true; return; }
      tooltip.textContent = tip(q, k, values[q * m + k]);
      tooltip.hidden = false;
      tooltip.style.left = e.clientX + 14 + "px";
      tooltip.style.top = e.clientY + 14 + "px";
    });
    c.addEventListener("mouseleave", () => { tooltip.hidden = true; });
    figure.append(caption, c);
    return figure;
  }

  // A canvas of m × n pixels, one per cell; masked cells grey.
  function cellPixels(values, colour, masked = MASKED) {
    const pixels = document.createElement("canvas");
    pixels.width = m;
    pixels.height = n;
    const pctx = pixels.getContext("2d");
    const image = pctx.createImageData(m, n);
    for (let i = 0; i < n * m; i++) {
      const v = values[i];
      const rgb = isMasked(v) ? masked : colour(v);
      image.data.set(rgb, 4 * i);
      image.data[4 * i + 3] = 255;
    }
    pctx.putImageData(image, 0, 0);
    return pixels;
  }
  const MASKED = [208, 208, 208];

  // From white (0) to the full colour `rgb` (1 and above).
  const ramp = (rgb) => (v) => rgb.map((ch) => Math.round(255 + (ch - 255) * Math.min(1, v)));

  function drawMatrix(h, i) {
    const where = h.layer === null ? "" : modelWords.layer + " " + h.layer + " · ";
    return heatmap(where + words.head + " " + h.head + " · " + h.formula, h.w, ramp(colours[i]), (q, k, v) =>
      where + words.head + " " + h.head + "   " + data.tokens[q] + " → " + data.keys[k] +
      "   [" + q + ", " + k + "]\n" + h.symbol + " = " + (isMasked(v) ? "0   " + words.masked : float32Text(v)));
  }

  function drawMatrices() {
    matrices.replaceChildren();
    let count = 0;
    heads.forEach((h, i) => {
      if (!shown[i]) return;
      matrices.append(drawMatrix(h, i));
      count += 1;
    });
    root.dataset.matrices = String(count);
  }

  // ---- model pages: overview, rollout, head statistics -----------------------
  const BLUE = [8, 48, 107];  // the overview's and the rollout's darkest colour
  const MASKED_LIGHT = [238, 238, 238];  // masked cells of the thumbnails: lighter, the weights stand out

  // The 99th percentile of the finite values (of at most 200 000 of them,
  // evenly spread), so that a few large weights do not wash out the rest.
  function top99(arrays) {
    const total = arrays.reduce((a, w) => a + w.length, 0);
    const step = Math.max(1, Math.floor(total / 200000));
    const sample = [];
    let at = 0;
    arrays.forEach((w) => {
      for (; at < w.length; at += step) if (Number.isFinite(w[at])) sample.push(w[at]);
      at -= w.length;
    });
    if (!sample.length) return 1;
    sample.sort((a, b) => a - b);
    return sample[Math.min(sample.length - 1, Math.ceil(0.99 * sample.length) - 1)] || 1;
  }

  function drawOverview() {
    const grid = document.getElementById("overview-grid");
    const headIndices = Array.from(new Set(allHeads.map((h) => h.head))).sort((a, b) => a - b);
    grid.style.gridTemplateColumns = "max-content repeat(" + headIndices.length + ", minmax(0, 72px))";
    const shade = ramp(BLUE);
    const top = top99(allHeads.map((h) => h.w));
    const label = (text, cls) => {
      const d = document.createElement("div");
      d.className = cls;
      d.textContent = text;
      grid.append(d);
    };
    label("", "corner");
    headIndices.forEach((h) => label(words.head + " " + h, "col-label"));
    const roles = new Map((data.head_stats || []).map((s) => [s.layer + "/" + s.head, s.role]));
    let count = 0;
    layers.forEach((l) => {
      label(modelWords.layer + " " + l, "row-label");
      headIndices.forEach((hi) => {
        const h = allHeads.find((x) => x.layer === l && x.head === hi);
        if (!h) { label("", "empty"); return; }
        const c = cellPixels(h.w, (v) => shade(v / top), MASKED_LIGHT);
        c.className = "thumb";
        if (Math.max(n, m) <= 72) c.style.imageRendering = "pixelated";  // few tokens: sharp cells, not a blur
        c.dataset.layer = String(l);
        c.dataset.head = String(hi);
        const role = roles.get(l + "/" + hi);
        c.title = modelWords.layer + " " + l + " · " + words.head + " " + hi + (role ? " · " + role : "");
        c.addEventListener("click", () => {
          openHead(l, hi);
          document.getElementById("head-view").scrollIntoView({block: "start"});
        });
        grid.append(c);
        count += 1;
      });
    });
    root.dataset.thumbnails = String(count);
  }

  // Thumbnails and table rows of the heads now shown are outlined.
  function markCurrent() {
    document.querySelectorAll(".thumb, #head-stats tr[data-layer]").forEach((e) => {
      const l = Number(e.dataset.layer), h = Number(e.dataset.head);
      const on = l === layer && heads.some((x, i) => shown[i] && x.head === h);
      e.classList.toggle("current", on);
    });
  }

  function drawRollout() {
    const place = document.getElementById("rollout");
    if (!place || !data.rollout) { root.dataset.rollout = "0"; return; }
    const r = fromBase64(data.rollout.weights_f32);
    const top = top99([r]);
    const last = model.layers - 1;
    place.replaceChildren(heatmap("R · " + modelWords.layer + " 0–" + last, r,
      (v) => ramp(BLUE)(v / top), (q, k, v) => data.tokens[q] + " ← " + data.keys[k] + "   [" + q + ", " + k +
      "]\nR = " + float32Text(v)));
    root.dataset.rollout = "1";
  }

  function wireStats() {
    const rows = document.querySelectorAll("#head-stats tr[data-layer]");
    rows.forEach((tr) => tr.addEventListener("click", () => {
      openHead(Number(tr.dataset.layer), Number(tr.dataset.head));
      document.getElementById("head-view").scrollIntoView({block: "start"});
    }));
    root.dataset.statsRows = String(rows.length);
  }

  // ---- explanation panel ----------------------------------------------------
  const sections = () => document.querySelectorAll("#explanation details");
  document.getElementById("open-all").addEventListener("click", () => sections().forEach((d) => { d.open = true; }));
  document.getElementById("close-all").addEventListener("click", () => sections().forEach((d) => { d.open = false; }));

  function drawAll() {
    drawLines();
    drawMatrices();
    if (model) markCurrent();
  }

  // "#q=3&heads=0,2" (and "layer=3" on a model page): the focus, the layer
  // and the heads to show, from the address.
  function fromAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    let l = layer;
    if (model && params.has("layer") && layers.includes(Number(params.get("layer")))) l = Number(params.get("layer"));
    if (params.has("heads")) {
      visible.clear();
      params.get("heads").split(",").map(Number).forEach((h) => visible.add(h));
    }
    useLayer(l);
    // "open=3/5": as a click on the thumbnail of layer 3, head 5.
    const opened = model && params.has("open") ? params.get("open").split("/") : null;
    if (opened) {
      const thumb = document.querySelector('.thumb[data-layer="' + Number(opened[0]) + '"][data-head="' + Number(opened[1]) + '"]');
      if (thumb) thumb.click();
    }
    for (const side of ["q", "k"]) {
      const i = Number(params.get(side));
      if (params.has(side) && Number.isInteger(i) && i >= 0 && i < (side === "q" ? n : m)) {
        focus = {side, i};
        pinned = true;
      }
    }
  }

  if (model) {
    drawOverview();
    drawRollout();
    wireStats();
    root.dataset.layers = String(layers.length);
  }
  fromAddress();
  drawAll();
  root.dataset.tokens = JSON.stringify(queryTokens.map((t) => t.textContent));
  root.dataset.keys = JSON.stringify(keyTokens.map((t) => t.textContent));
  root.dataset.heads = String(heads.length);
  root.dataset.headToggles = String(toggles.querySelectorAll("input[type=checkbox]").length);
  root.dataset.ready = "1";
})();
