"""What the checks beyond axe read, in one call on the page: labels and names, links, text
sizes and alignment, CSS-only words, orientation locks, table headers, misplaced ARIA names,
autoplaying media, !important text spacing, unlabelled choices and focus indicators.

The page's own facts only; judging them (what is ambiguous, which thresholds fail) is the
checks' job (judge/checks/signals.py). Every list is capped so a huge page stays quick.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.gather.keyboard import FOCUSABLE
from selfshop.gather.network import PROBE_HEADER
from selfshop.models.evidence import PageSignals, StepEvidence

MAX_ITEMS = 40
MAX_ELEMENTS = 4000  # elements whose computed style is read for the text signals
MAX_FOCUSED = 25  # elements focused to compare their look focused and not
MAX_MEDIA_BYTES = 16_000_000  # a media file larger than this is not decoded to hear its sound
MEDIA_WAIT_MS = 3_000  # for reading the autoplaying media files, all together

SIGNALS_JS = (
    "async () => {"
    + DOM_HELPERS_JS
    + f"const MAX = {MAX_ITEMS}, MAX_ELEMENTS = {MAX_ELEMENTS}, MAX_FOCUSED = {MAX_FOCUSED};"
    + f"const MAX_MEDIA_BYTES = {MAX_MEDIA_BYTES}, MEDIA_WAIT_MS = {MEDIA_WAIT_MS};"
    + f"const FOCUSABLE = '{FOCUSABLE}', PROBE_HEADER = '{PROBE_HEADER}';"
    + r"""
  const dom = window.__selfshopDom;
  const clip = (s, n) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n || 120);
  const sig = (el, text, detail, value) => ({selector: dom.cssPath(el), text: clip(text),
    detail: clip(detail, 200), value: value === undefined ? null : value});
  const push = (list, item) => { if (list.length < MAX) list.push(item); };
  const shown = el => (el.checkVisibility
    ? el.checkVisibility({visibilityProperty: true}) : dom.visible(el));
  const hiddenFromAt = el => !!el.closest('[aria-hidden="true"], [hidden], [inert]');
  const body = document.body || document.documentElement;

  // Colours as {r, g, b, a}; WCAG's relative luminance and contrast ratio.
  const rgba = c => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const luminance = c => {
    const ch = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const blend = (top, under, alpha) => ({r: top.r * alpha + under.r * (1 - alpha),
    g: top.g * alpha + under.g * (1 - alpha), b: top.b * alpha + under.b * (1 - alpha), a: 1});
  // The solid colour behind an element's text; null when an image or gradient is there.
  // Both walks up the tree are remembered per element: text elements share their ancestors.
  const behindOf = new Map(), opacities = new Map();
  const paintedBehind = el => {
    if (!el) return {r: 255, g: 255, b: 255, a: 1};
    if (behindOf.has(el)) return behindOf.get(el);
    const s = getComputedStyle(el);
    const c = rgba(s.backgroundColor);
    let found;
    if (s.backgroundImage !== 'none') found = null;
    else if (c && c.a >= 0.99) found = c;
    else {
      const under = paintedBehind(el.parentElement);
      found = under && c && c.a > 0 ? blend(c, under, c.a) : under;
    }
    behindOf.set(el, found);
    return found;
  };
  const opacityOf = el => {
    if (!el) return 1;
    if (!opacities.has(el)) {
      opacities.set(el, parseFloat(getComputedStyle(el).opacity) * opacityOf(el.parentElement));
    }
    return opacities.get(el);
  };
  const disabledText = el => !!el.closest(':disabled, [aria-disabled="true"], fieldset[disabled]')
    || (el.closest('label') && el.closest('label').control && el.closest('label').control.disabled)
    || (el.id && !!document.querySelector('[aria-disabled="true"][aria-labelledby~="'
      + CSS.escape(el.id) + '"]'));
  const out = {label_not_in_name: [], orientation_locks: [], headers_without_cells: [],
    prohibited_aria: [], autoplay_media: [], page_controls: 0, important_spacing: [],
    links: [], small_text: [], justified_text: [], long_lines: [], pseudo_content: [],
    low_contrast: [], viewport: null, animated_images: [], focus_traps: [],
    placeholder_only: [], ungrouped_choices: [], navigating_selects: [], focus_hidden: [],
    same_named_frames: [], language_texts: []};

  // A browser error page (an address that failed to load) is not the site's page.
  if (!/^(https?|file):$/.test(location.protocol)) return out;
  const viewport = document.querySelector('meta[name="viewport" i][content]');
  if (viewport) {
    out.viewport = clip(viewport.getAttribute('content'), 200);
  }

  // --- visible label and accessible name (WCAG 2.5.3) ---
  const LABELLED_WIDGETS = new Set(['button', 'checkbox', 'gridcell', 'link', 'menuitem',
    'menuitemcheckbox', 'menuitemradio', 'option', 'radio', 'switch', 'tab', 'treeitem']);
  const ICON_FONT = /icon|awesome|glyph|symbol/i;
  const visuallyHidden = el => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return ((r.width <= 1 || r.height <= 1) && s.overflow !== 'visible')
      || s.clipPath === 'inset(50%)' || /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(s.clip);
  };
  const visibleText = root => {
    let text = '';
    const walk = node => {
      if (node.nodeType === 3) {
        const parent = node.parentElement;
        if (parent && getComputedStyle(parent).visibility === 'visible') text += node.textContent;
        return;
      }
      if (node.nodeType !== 1) return;
      const s = getComputedStyle(node);
      if (s.display === 'none' || (node !== root && visuallyHidden(node))) return;
      if (node.tagName === 'BR') { text += ' '; return; }
      const block = !s.display.startsWith('inline') && node !== root;
      if (block) text += ' ';
      for (const child of node.childNodes) walk(child);
      if (block) text += ' ';
    };
    walk(root);
    return text;
  };
  for (const el of body.querySelectorAll('[aria-label], [aria-labelledby]')) {
    if (out.label_not_in_name.length >= MAX) break;
    if (!LABELLED_WIDGETS.has(dom.role(el)) || !shown(el) || hiddenFromAt(el)) continue;
    if (ICON_FONT.test(getComputedStyle(el).fontFamily)) continue;  // ligature icons
    push(out.label_not_in_name, sig(el, visibleText(el), dom.accessibleName(el) || ''));
  }

  // --- @media (orientation) rules that turn the page (WCAG 1.3.4) ---
  const degrees = m => Math.atan2(m.b, m.a) * 180 / Math.PI;
  const turnOf = style => {
    let turn = 0;
    try {
      if (style.transform && style.transform !== 'none') {
        turn += degrees(new DOMMatrix(style.transform));
      }
      const parts = (style.rotate || '').trim().split(/\s+/);
      if (style.rotate && style.rotate !== 'none' && (parts.length === 1 || parts[0] === 'z')) {
        turn += degrees(new DOMMatrix('rotate(' + parts[parts.length - 1] + ')'));
      }
    } catch (e) { return null; }
    return turn;
  };
  const styleRules = (rules, media, found) => {
    for (const rule of rules) {
      if (rule.media && rule.cssRules) styleRules(rule.cssRules, rule.media.mediaText, found);
      else if (rule.cssRules && !rule.selectorText) styleRules(rule.cssRules, media, found);
      else if (rule.selectorText && media && /orientation/i.test(media)) found.push([rule, media]);
    }
    return found;
  };
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }  // another origin's sheet
    for (const [rule, media] of styleRules(rules, null, [])) {
      let target = null;
      try {
        target = [document.documentElement, document.body]
          .find(el => el && el.matches(rule.selectorText));
      } catch (e) { continue; }
      const turn = target ? turnOf(rule.style) : null;
      if (turn !== null) push(out.orientation_locks, sig(target, media, rule.selectorText, turn));
    }
  }

  // --- header cells that head no data cell (WCAG 1.3.1) ---
  const HEADER_ROLES = ['columnheader', 'rowheader'];
  const cellRole = cell => cell.getAttribute('role') || (cell.tagName === 'TH' ? 'header' : 'cell');
  const isHeader = cell => HEADER_ROLES.includes(cellRole(cell)) || cellRole(cell) === 'header';
  const grids = body.querySelectorAll('table, [role=table], [role=grid], [role=treegrid]');
  for (const table of grids) {
    const role = table.getAttribute('role');
    if (['presentation', 'none'].includes(role) || !shown(table) || hiddenFromAt(table)) continue;
    const rows = table.tagName === 'TABLE' && !role ? Array.from(table.rows)
      : Array.from(table.querySelectorAll('[role=row]')).filter(r => r.closest(
          'table, [role=table], [role=grid], [role=treegrid]') === table);
    const grid = rows.map(row => {
      const cells = row.tagName === 'TR' && !role ? Array.from(row.cells)
        : Array.from(row.querySelectorAll('[role=cell], [role=gridcell], [role=columnheader], '
            + '[role=rowheader]')).filter(c => c.closest('[role=row]') === row);
      let col = 0;
      return cells.map(cell => {
        const span = Math.max(1, cell.colSpan || 1);
        const placed = {cell, from: col, to: col + span};
        col += span;
        return placed;
      });
    });
    const data = grid.flat().filter(p => !isHeader(p.cell) && shown(p.cell));
    if (!data.length) continue;
    grid.forEach((row, r) => row.forEach(p => {
      if (!isHeader(p.cell) || !shown(p.cell) || hiddenFromAt(p.cell)) return;
      const scope = (p.cell.getAttribute('scope') || '').toLowerCase();
      const kind = cellRole(p.cell) === 'rowheader' || scope === 'row' ? 'row'
        : cellRole(p.cell) === 'columnheader' || scope === 'col' ? 'col'
        : row.every(q => isHeader(q.cell)) ? 'col' : p.from === 0 ? 'row' : 'col';
      // Headed cells may be data cells or other headers (a corner header heads row headers).
      const heads = grid.some((other, o) => other.some(q => {
        if (q === p || !shown(q.cell) || (isHeader(q.cell) && o === r && kind === 'col')) {
          return false;
        }
        const named = (q.cell.getAttribute('headers') || '').split(/\s+/).filter(Boolean);
        if (named.length) return p.cell.id !== '' && named.includes(p.cell.id);
        return kind === 'row' ? o === r : o !== r && q.from < p.to && p.from < q.to;
      }));
      if (!heads) push(out.headers_without_cells, sig(p.cell, p.cell.textContent, kind));
    }));
  }

  // --- naming attributes on roles that forbid a name (WCAG 1.3.1, 4.1.2) ---
  const NO_NAME_ROLES = new Set(['generic', 'paragraph', 'caption', 'code', 'deletion',
    'emphasis', 'insertion', 'strong', 'subscript', 'superscript', 'presentation', 'none']);
  const IMPLICIT = {DIV: 'generic', SPAN: 'generic', B: 'generic', I: 'generic', U: 'generic',
    S: 'generic', SMALL: 'generic', BDI: 'generic', BDO: 'generic', P: 'paragraph', CODE: 'code',
    DEL: 'deletion', EM: 'emphasis', INS: 'insertion', STRONG: 'strong', SUB: 'subscript',
    SUP: 'superscript'};
  const NAMING = ['aria-label', 'aria-labelledby', 'aria-braillelabel', 'aria-roledescription'];
  for (const el of body.querySelectorAll(NAMING.map(a => '[' + a + ']').join(', '))) {
    if (out.prohibited_aria.length >= MAX) break;
    const own = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    const role = own || IMPLICIT[el.tagName];
    if (!NO_NAME_ROLES.has(role) || el.hasAttribute('tabindex') || hiddenFromAt(el) || !shown(el)) {
      continue;
    }
    const used = NAMING.filter(a => el.hasAttribute(a)).join(', ');
    push(out.prohibited_aria, sig(el, el.textContent, used + ' on role ' + role));
  }

  // --- media that plays by itself with sound (WCAG 1.4.2) ---
  // Seconds from the first to the last audible sample (peak above 1 %) between start and end
  // of a media file's sound, decoded as the browser would play it; 0 for silence; null when
  // it cannot be told (another origin without CORS, too big, too slow, no codec for it).
  const soundStop = new AbortController();
  const soundTimer = setTimeout(() => soundStop.abort(), MEDIA_WAIT_MS);
  const soundSeconds = async (address, start, end) => {
    try {
      const reply = await fetch(address, {signal: soundStop.signal,
        headers: {[PROBE_HEADER]: '1'}});
      if (!reply.ok || Number(reply.headers.get('content-length') || 0) > MAX_MEDIA_BYTES) {
        return null;
      }
      const bytes = await reply.arrayBuffer();
      if (bytes.byteLength > MAX_MEDIA_BYTES) return null;
      const sound = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes);
      const rate = sound.sampleRate;
      const from = Math.floor(start * rate);
      const to = Math.min(sound.length, end === null ? sound.length : Math.ceil(end * rate));
      let first = -1, last = -1;
      for (let c = 0; c < sound.numberOfChannels; c++) {
        const samples = sound.getChannelData(c);
        for (let i = from; i < to; i++) {
          if (Math.abs(samples[i]) > 0.01) {
            if (first < 0 || i < first) first = i;
            if (i > last) last = i;
          }
        }
      }
      return first < 0 ? 0 : (last - first + 1) / rate;
    } catch (e) { return null; }
  };
  const autoplaying = Array.from(body.querySelectorAll('audio[autoplay], video[autoplay]'))
    .filter(media => !media.muted && !media.hasAttribute('muted')).slice(0, 5);
  for (const media of autoplaying) {
    // Played, yet no sound decoded: a video without sound.
    if (media.currentTime > 0 && media.webkitAudioDecodedByteCount === 0) continue;
    const address = media.currentSrc || media.src || '';
    const fragment = /#t=([\d.]*)(?:,([\d.]+))?/.exec(address);
    const length = Number.isFinite(media.duration) ? media.duration : null;
    const start = fragment && fragment[1] ? parseFloat(fragment[1]) : 0;
    const end = fragment && fragment[2] ? parseFloat(fragment[2]) : length;
    const heard = address ? await soundSeconds(address, start, end) : null;
    if (heard === 0) continue;  // only silence in it
    const seconds = heard !== null ? heard : end === null ? null : Math.max(0, end - start);
    push(out.autoplay_media, sig(media, media.tagName.toLowerCase(),
      media.hasAttribute('controls') ? 'controls' : '', seconds));
  }
  clearTimeout(soundTimer);
  // A control mechanism customers can find: shown, exposed, and named for what it does.
  out.page_controls = Array.from(body.querySelectorAll(
    'button, [role=button], input[type=button], input[type=image], input[type=checkbox]'))
    .filter(el => shown(el) && !hiddenFromAt(el)
      && /pause|stop|mute|sound|volume|audio/i.test(dom.accessibleName(el) || '')).length;

  // --- !important text spacing in style attributes (WCAG 1.4.12) ---
  // Judged where the text is: the elements with text of their own that inherit the value.
  const onScreen = el => {
    const r = el.getBoundingClientRect();
    return r.right > 0 && r.bottom + scrollY > 0 && r.width > 0 && r.height > 0;
  };
  for (const el of body.querySelectorAll('[style]')) {
    if (out.important_spacing.length >= MAX) break;
    for (const prop of ['line-height', 'letter-spacing', 'word-spacing']) {
      if (el.style.getPropertyPriority(prop) !== 'important') continue;
      // 'inherit' and the like take the parent's spacing, which customers can still change.
      if (/^(inherit|unset|revert|revert-layer)$/.test(el.style.getPropertyValue(prop))) continue;
      const value = getComputedStyle(el).getPropertyValue(prop);
      let tightest = null, wraps = false, sample = '';
      for (const holder of [el, ...el.querySelectorAll('*')].slice(0, 200)) {
        const own = Array.from(holder.childNodes).filter(n => n.nodeType === 3)
          .map(n => n.textContent).join('');
        const s = getComputedStyle(holder);
        if (!clip(own) || s.getPropertyValue(prop) !== value || !shown(holder)) continue;
        if (!onScreen(holder)) continue;
        const font = parseFloat(s.fontSize) || 16;
        const px = value === 'normal' ? (prop === 'line-height' ? 1.2 * font : 0)
          : parseFloat(value);
        const ratio = px / font;
        if (tightest === null || ratio < tightest) { tightest = ratio; sample = own; }
        const lineHeight = parseFloat(s.lineHeight) || 1.2 * font;
        if (holder.getBoundingClientRect().height > 1.5 * lineHeight) wraps = true;
      }
      if (tightest === null) continue;
      push(out.important_spacing, sig(el, sample, prop + (wraps ? ' wraps' : ''),
        Math.round(tightest * 1000) / 1000));
    }
  }

  // --- links: their names, addresses, new windows ---
  for (const el of body.querySelectorAll('a[href], area[href], [role=link]')) {
    if (out.links.length >= 4 * MAX) break;
    if (!shown(el) || hiddenFromAt(el)) continue;
    const name = [dom.accessibleName(el), el.getAttribute('title')].filter(Boolean).join(' | ');
    const blank = (el.getAttribute('target') || '').toLowerCase() === '_blank'
      || /window\.open/.test(el.getAttribute('onclick') || '');
    // SVG links keep their address in an attribute (their .href is not a string).
    const href = el.getAttribute('href') || el.getAttribute('xlink:href') || '';
    let address = href;
    try { address = href ? new URL(href, location.href).href : ''; } catch (e) { /* as written */ }
    out.links.push(sig(el, name, address, blank ? 1 : 0));
  }

  // --- text: tiny, justified, long lines, words only in CSS ---
  const elements = Array.from(body.querySelectorAll('*')).slice(0, MAX_ELEMENTS);
  const TEXTLESS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg']);
  for (const el of elements) {
    if (TEXTLESS.has(el.tagName)) continue;
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3)
      .map(n => n.textContent).join(' ');
    const s = getComputedStyle(el);
    for (const where of ['::before', '::after']) {
      const content = getComputedStyle(el, where).content;
      if (content && /^".*"$/.test(content) && /\p{L}{2,}/u.test(content) && !hiddenFromAt(el)) {
        push(out.pseudo_content, sig(el, el.textContent, where + ' ' + content));
      }
    }
    if (!/\p{L}{2,}/u.test(own)) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || s.visibility !== 'visible' || !shown(el)) continue;
    const font = parseFloat(s.fontSize) || 16;
    if (font < 9) push(out.small_text, sig(el, own, s.fontSize, font));
    const behind = hiddenFromAt(el) || disabledText(el) ? null : paintedBehind(el);
    const ink = rgba(s.color);
    if (behind && ink) {
      const ratio = contrast(blend(ink, behind, ink.a * opacityOf(el)), behind);
      const large = font >= 24 || (font >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
      // Only text below 7:1 (the strictest threshold) is a candidate; the check judges it.
      if (ratio < 7) {
        push(out.low_contrast, sig(el, own, large ? 'large' : 'normal',
          Math.round(ratio * 100) / 100));
      }
    }
    const text = clip(el.innerText || el.textContent, 100000);
    if (s.textAlign === 'justify' && text.length > 200) push(out.justified_text, sig(el, text, ''));
    const lineHeight = parseFloat(s.lineHeight) || 1.2 * font;
    const lines = Math.max(1, Math.round(box.height / lineHeight));
    if (lines >= 3 && ['P', 'LI', 'DD', 'BLOCKQUOTE', 'TD'].includes(el.tagName)) {
      const perLine = Math.round(text.length / lines);
      if (perLine > 100) push(out.long_lines, sig(el, text, '', perLine));
    }
  }

  // --- form fields named only by a placeholder; choices outside a group ---
  for (const field of body.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!shown(field) || hiddenFromAt(field)) continue;
    const named = (field.labels && field.labels.length) || field.getAttribute('aria-label')
      || field.getAttribute('aria-labelledby') || field.getAttribute('title');
    const placeholder = field.getAttribute('placeholder');
    if (!named) push(out.placeholder_only, sig(field, placeholder, field.type));
  }
  const sets = new Map();
  const CHOICES = 'input[type=radio][name], input[type=checkbox][name]';
  for (const choice of body.querySelectorAll(CHOICES)) {
    if (!shown(choice)) continue;
    const form = choice.form ? dom.cssPath(choice.form) : '';
    const key = choice.type + '|' + form + '|' + choice.name;
    if (!sets.has(key)) sets.set(key, []);
    sets.get(key).push(choice);
  }
  for (const [key, choices] of sets) {
    const grouped = c => c.closest('fieldset, [role=group], [role=radiogroup]');
    if (choices.length >= 2 && !choices.every(grouped)) {
      const first = choices[0];
      push(out.ungrouped_choices, sig(first, first.name, first.type, choices.length));
    }
  }
  for (const select of body.querySelectorAll('select[onchange]')) {
    const handler = select.getAttribute('onchange') || '';
    if (/location|\.submit\s*\(|href|window\.open|navigate/i.test(handler)) {
      push(out.navigating_selects, sig(select, dom.accessibleName(select) || '', handler));
    }
  }

  // --- focus indicators: each element's look focused against its look unfocused ---
  const backdrop = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const look = el => {
    const s = getComputedStyle(el);
    return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        ? (s.outlineStyle === 'auto' ? 'auto' : s.outlineColor) : null,
      shadow: s.boxShadow, border: s.borderTopColor, borderWidth: parseFloat(s.borderTopWidth) || 0,
      background: s.backgroundColor, underline: s.textDecorationLine, color: s.color};
  };
  // The best contrast a change on focus makes (0: nothing changes; a change whose colour
  // cannot be read counts as visible rather than guessing).
  const change = (a, b) => (a && b ? contrast(a, b) : 3);
  const indicator = (before, after, behind) => {
    if (after.outline === 'auto') return 21;
    const found = [];
    if (after.outline && after.outline !== before.outline) {
      found.push(change(rgba(after.outline), behind));
    }
    if (after.shadow !== before.shadow && after.shadow !== 'none') {
      found.push(change(rgba(after.shadow), behind));
    }
    if (after.border !== before.border && after.borderWidth >= 1) {
      found.push(change(rgba(after.border), rgba(before.border)));
    }
    if (after.background !== before.background) {
      found.push(change(rgba(after.background), rgba(before.background) || behind));
    }
    if (after.underline !== before.underline) found.push(21);
    if (after.color !== before.color) found.push(change(rgba(after.color), rgba(before.color)));
    return found.length ? Math.max(...found) : 0;
  };
  const active = document.activeElement;
  const [x, y] = [scrollX, scrollY];
  const focusables = Array.from(body.querySelectorAll(FOCUSABLE)).filter(el => el.tabIndex >= 0
    && !el.disabled && shown(el) && !hiddenFromAt(el) && el.tagName !== 'IFRAME'
    && !el.hasAttribute('onfocus') && !el.hasAttribute('onblur')).slice(0, MAX_FOCUSED);
  for (const el of focusables) {
    const before = look(el);
    el.focus({preventScroll: true, focusVisible: true});
    if (document.activeElement !== el) continue;
    const after = look(el);
    el.blur();
    const best = indicator(before, after, backdrop(el));
    if (best < 3) {
      push(out.focus_hidden, sig(el, dom.accessibleName(el) || '', best > 0 ? 'faint' : 'none',
        Math.round(best * 100) / 100));
    }
  }
  // A keyboard trap set by a blur handler: leave the element and see whether focus comes back.
  const leavers = Array.from(body.querySelectorAll('[onblur], [onfocusout]')).filter(el =>
    el.tabIndex >= 0 && !el.disabled && shown(el)).slice(0, 5);
  for (const el of leavers) {
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    el.blur();
    await new Promise(resolve => setTimeout(resolve, 60));
    if (document.activeElement === el) {
      push(out.focus_traps, sig(el, dom.accessibleName(el) || '', el.getAttribute('onblur')
        || el.getAttribute('onfocusout') || ''));
      el.blur();
    }
  }
  if (active && active !== document.body && active.focus) active.focus({preventScroll: true});
  scrollTo(x, y);

  // --- the text of each declared language (WCAG 3.1.1, 3.1.2): the page's own (html's lang)
  // and each part with a lang of its own, from the text shown that inherits that lang ---
  const spoken = new Map();
  const textWalker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = textWalker.nextNode(), read = 0; node && read < MAX_ELEMENTS;
       node = textWalker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.data.trim() || parent.closest('script, style, noscript, template')) {
      continue;
    }
    read++;
    const owner = parent.closest('[lang]');
    if (!owner || !owner.getAttribute('lang').trim() || !shown(parent)) continue;
    const soFar = spoken.get(owner) || '';
    if (soFar.length < 1000) spoken.set(owner, soFar + ' ' + node.data);
  }
  for (const [owner, text] of spoken) {
    if (out.language_texts.length >= MAX) break;
    out.language_texts.push({selector: dom.cssPath(owner), text: clip(text, 1000),
      detail: clip(owner.getAttribute('lang'), 40), value: owner === document.documentElement
        ? 1 : 0});
  }

  // --- frames with the same name that show clearly different things (WCAG 4.1.2) ---
  // Frames in the page, in the documents of its frames that can be read, and in open shadow
  // roots; those shown to everyone, by name. Two are clearly different when their texts,
  // both readable, share no word at all (two adverts, or a page and its copy, share some).
  const frameName = frame => {
    const doc = frame.ownerDocument;
    const ids = (frame.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const labelled = clip(ids.map(id => doc.getElementById(id)).filter(Boolean)
      .map(n => n.textContent).join(' '));
    return labelled || clip(frame.getAttribute('aria-label')) || clip(frame.getAttribute('title'));
  };
  const readable = frame => {
    try { return frame.contentDocument; } catch (e) { return null; }  // another origin
  };
  const framesIn = (root, depth, into) => {
    for (const frame of root.querySelectorAll('iframe')) {
      if (into.length >= MAX) return into;
      into.push(frame);
      const doc = readable(frame);
      if (doc && depth < 3) framesIn(doc, depth + 1, into);
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) framesIn(el.shadowRoot, depth, into);
    }
    return into;
  };
  const wordsOf = frame => {
    const doc = readable(frame);
    const words = doc && doc.body ? (doc.body.innerText || '').toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) : null;
    return words ? new Set(words) : null;
  };
  const framesByName = new Map();
  for (const frame of framesIn(document, 0, [])) {
    const name = frameName(frame).toLowerCase();
    if (!name || !shown(frame) || hiddenFromAt(frame)) continue;
    framesByName.set(name, [...(framesByName.get(name) || []), frame]);
  }
  for (const group of framesByName.values()) {
    const texts = group.map(wordsOf);
    const pair = group.flatMap((a, i) => group.slice(i + 1).map((b, k) => [i, i + 1 + k]))
      .find(([i, j]) => texts[i] && texts[j] && ![...texts[i]].some(w => texts[j].has(w)));
    if (pair) {
      const [first, second] = pair.map(i => group[i]);
      push(out.same_named_frames, sig(second, frameName(second),
        (first.src || 'srcdoc') + ' | ' + (second.src || 'srcdoc')));
    }
  }

  // --- animated images: frames counted in the file (GIF, APNG, WebP), same origin only ---
  const frames = bytes => {
    const ascii = (at, text) => Array.from(text).every((c, i) => bytes[at + i] === c.charCodeAt(0));
    if (ascii(0, 'GIF8')) {
      let count = 0;  // graphic control extensions: one per frame
      for (let i = 0; i + 1 < bytes.length && count < 2; i++) {
        if (bytes[i] === 0x21 && bytes[i + 1] === 0xF9 && bytes[i + 2] === 4) count++;
      }
      return count;
    }
    const find = text => {
      for (let i = 0; i < Math.min(bytes.length, 4096); i++) if (ascii(i, text)) return i;
      return -1;
    };
    if (ascii(1, 'PNG')) {
      const at = find('acTL');
      if (at < 0) return 1;
      return bytes[at + 4] * 16777216 + bytes[at + 5] * 65536 + bytes[at + 6] * 256 + bytes[at + 7];
    }
    if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return find('ANIM') < 0 ? 1 : 2;
    return 1;
  };
  // Only pictures that loaded (a broken one has no frames to count), read from the cache.
  // A picture the page loaded as SVG has no frames to count either (an SVG shows only when
  // served as one, and its text cannot begin as a GIF, PNG or WebP file): not fetched again.
  const served = new Map(performance.getEntriesByType('resource')
    .map(entry => [entry.name, entry.contentType]));
  const vector = img => served.get(img.currentSrc) === 'image/svg+xml';
  const pictures = Array.from(document.images).filter(img => shown(img) && img.currentSrc
    && img.complete && img.naturalWidth > 0
    && new URL(img.currentSrc, location.href).origin === location.origin).slice(0, 10)
    .filter(img => !vector(img));
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 2000);
  await Promise.all(pictures.map(async img => {
    try {
      const reply = await fetch(img.currentSrc, {signal: stop.signal, cache: 'force-cache',
        headers: {[PROBE_HEADER]: '1'}});
      const bytes = new Uint8Array(await reply.arrayBuffer()).subarray(0, 2000000);
      if (frames(bytes) > 1) push(out.animated_images, sig(img, img.alt || '', img.currentSrc));
    } catch (e) { /* unreadable: not judged */ }
  }));
  clearTimeout(timer);
  return out;
}"""
)


async def gather_signals(page: Page) -> PageSignals:
    found: dict[str, Any] = await page.evaluate(SIGNALS_JS)
    return PageSignals.model_validate(found)


async def gather_signals_into(page: Page, evidence: StepEvidence) -> None:
    """The gather plan's step: the page's signals onto the step's evidence."""
    evidence.signals = await gather_signals(page)
