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
(function () {
  "use strict";

  const LARGE = 64;  // above this many query tokens, draw the strongest keys only
  const TOP_K = 3;
  const CANVAS_WIDTH = 260;  // between the two token columns
  const MATRIX_PIXELS = 440;  // a heatmap's largest side, before labels

  const data = JSON.parse(document.getElementById("mha-data").textContent);
  const root = document.getElementById("mha-view");
  const words = data.words;
  const n = data.tokens.length;
  const m = data.keys.length;
  const heads = data.heads;
  const large = n > LARGE;
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
  const colours = heads.map((h) => headColour(h.head));
  const css = (rgb) => "rgb(" + rgb.join(",") + ")";

  const shown = heads.map(() => true);
  let focus = null;   // {side: "q" | "k", i} while a token is pointed at or kept
  let pinned = false;

  // The TOP_K strongest keys of each query row, per head (large n only).
  const strongest = large ? heads.map((h) => h.weights.map((row) => {
    const order = row.map((_, k) => k).filter((k) => row[k] !== null);
    order.sort((a, b) => row[b] - row[a] || a - b);
    return order.slice(0, TOP_K);
  })) : null;

  // ---- head toggles -------------------------------------------------------
  const toggles = document.getElementById("head-toggles");
  heads.forEach((h, i) => {
    const label = document.createElement("label");
    label.className = "head-toggle";
    label.dataset.head = String(h.head);
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => { shown[i] = box.checked; drawAll(); });
    const chip = document.createElement("span");
    chip.className = "chip";
    chip.style.background = css(colours[i]);
    label.append(box, chip, document.createTextNode(words.head + " " + h.head));
    toggles.append(label);
  });
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
      if (weight === null || weight <= 0) return;
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
      const w = h.weights;
      if (focus && focus.side === "q") {
        for (let k = 0; k < m; k++) line(focus.i, k, w[focus.i][k], colour);
      } else if (focus && focus.side === "k") {
        for (let q = 0; q < n; q++) line(q, focus.i, w[q][focus.i], colour);
      } else if (large) {
        for (let q = 0; q < n; q++) strongest[i][q].forEach((k) => line(q, k, w[q][k], colour));
      } else {
        for (let q = 0; q < n; q++) for (let k = 0; k < m; k++) line(q, k, w[q][k], colour);
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
        const v = focus.side === "q" ? h.weights[focus.i][j] : h.weights[j][focus.i];
        if (v !== null && v > best) best = v;
      });
      t.style.background = "rgba(43, 108, 176, " + (0.6 * best).toFixed(3) + ")";
    });
  }

  // ---- matrix view ----------------------------------------------------------
  const matrices = document.getElementById("matrices");
  const tooltip = document.getElementById("tooltip");
  const cell = Math.max(1, Math.min(40, Math.floor(MATRIX_PIXELS / Math.max(n, m))));
  const labelled = cell >= 14;

  function drawMatrix(h, i) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = words.head + " " + h.head + " · " + h.formula;
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
    const pixels = document.createElement("canvas");
    pixels.width = m;
    pixels.height = n;
    const pctx = pixels.getContext("2d");
    const image = pctx.createImageData(m, n);
    const rgb = colours[i];
    for (let q = 0; q < n; q++) {
      for (let k = 0; k < m; k++) {
        const v = h.weights[q][k];
        const at = 4 * (q * m + k);
        for (let ch = 0; ch < 3; ch++) {
          image.data[at + ch] = v === null ? 208 : Math.round(255 + (rgb[ch] - 255) * Math.min(1, v));
        }
        image.data[at + 3] = 255;
      }
    }
    pctx.putImageData(image, 0, 0);
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
      const v = h.weights[q][k];
      tooltip.textContent = words.head + " " + h.head + "   " + data.tokens[q] + " → " + data.keys[k] +
        "   [" + q + ", " + k + "]\n" + h.symbol + " = " + (v === null ? "0   " + words.masked : String(v));
      tooltip.hidden = false;
      tooltip.style.left = e.clientX + 14 + "px";
      tooltip.style.top = e.clientY + 14 + "px";
    });
    c.addEventListener("mouseleave", () => { tooltip.hidden = true; });
    figure.append(caption, c);
    return figure;
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

  // ---- explanation panel ----------------------------------------------------
  const sections = () => document.querySelectorAll("#explanation details");
  document.getElementById("open-all").addEventListener("click", () => sections().forEach((d) => { d.open = true; }));
  document.getElementById("close-all").addEventListener("click", () => sections().forEach((d) => { d.open = false; }));

  function drawAll() {
    drawLines();
    drawMatrices();
  }

  // "#q=3&heads=0,2": the focus and the heads to show, from the address.
  function fromAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has("heads")) {
      const wanted = params.get("heads").split(",").map(Number);
      const boxes = toggles.querySelectorAll("input");
      heads.forEach((h, i) => { shown[i] = wanted.includes(h.head); boxes[i].checked = shown[i]; });
    }
    for (const side of ["q", "k"]) {
      const i = Number(params.get(side));
      if (params.has(side) && Number.isInteger(i) && i >= 0 && i < (side === "q" ? n : m)) {
        focus = {side, i};
        pinned = true;
      }
    }
  }

  fromAddress();
  drawAll();
  root.dataset.tokens = JSON.stringify(queryTokens.map((t) => t.textContent));
  root.dataset.keys = JSON.stringify(keyTokens.map((t) => t.textContent));
  root.dataset.heads = String(heads.length);
  root.dataset.headToggles = String(toggles.querySelectorAll("input[type=checkbox]").length);
  root.dataset.ready = "1";
})();
