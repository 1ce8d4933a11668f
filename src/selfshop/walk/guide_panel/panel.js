// The guide panel: shows one step at a time and sends the leader's answers to selfshop.
// Everything shown comes from the journey and standards files: it is set as text, never HTML.
// selfshop keeps every answer (saved, or left by Back), so a reloaded panel loses nothing.
"use strict";

(function () {
  const token = document.querySelector('meta[name="walk-token"]').content;
  const $ = (id) => document.getElementById(id);
  let state = null;
  let busy = false;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function call(method, path, body, contentType) {
    const raw = contentType !== undefined;
    const response = await fetch(path, {
      method,
      headers: { "X-Walk-Token": token, "Content-Type": raw ? contentType : "application/json" },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      cache: "no-store",
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function expectedList(lines) {
    const box = $("expected");
    box.replaceChildren();
    for (const [kind, label] of [["do", "Do: "], ["see", "Then: "]]) {
      const items = lines.filter((line) => line.kind === kind);
      if (!items.length) continue;
      const part = el("p", {});
      part.appendChild(el("span", { class: "label" }, label));
      const list = el("ol", {});
      for (const item of items) list.appendChild(el("li", {}, item.text));
      part.appendChild(list);
      box.appendChild(part);
    }
  }

  function ratingRow(standard, chosen) {
    const scale = el("div", { class: "scale" });
    const low = el("span", { class: "low", id: `low-${standard.id}` }, `1 = ${standard.low}`);
    const high = el("span", { class: "high", id: `high-${standard.id}` }, `5 = ${standard.high}`);
    const group = el("div", {
      class: "ratings", role: "radiogroup", "aria-label": `Rating for ${standard.title}`,
      "aria-describedby": `low-${standard.id} high-${standard.id}`,
    });
    for (const value of ["1", "2", "3", "4", "5", "na"]) {
      const id = `rate-${standard.id}-${value}`;
      const input = el("input", { type: "radio", name: `rate-${standard.id}`, id, value });
      if (value === "na") input.setAttribute("aria-label", "Not applicable");
      if (chosen === value) input.checked = true;
      const label = el("label", { for: id });
      label.appendChild(input);
      label.appendChild(el("span", { "aria-hidden": value === "na" ? "true" : "false" }, value === "na" ? "n/a" : value));
      group.appendChild(label);
    }
    scale.append(low, group, high);
    return scale;
  }

  function standardBlock(standard, chosen) {
    const fieldset = el("fieldset", { id: `standard-${standard.id}`, class: "standard" });
    const legend = el("legend", {}, standard.title);
    fieldset.appendChild(legend);
    fieldset.appendChild(el("p", { class: "question" }, standard.questions.join(" ") || "How well did this step meet it?"));
    if (standard.behaviours.length) {
      // What the standard means, folded away: the question is what a busy leader answers.
      const listId = `about-${standard.id}`;
      const toggle = el("button", { type: "button", class: "about", "aria-expanded": "false", "aria-controls": listId }, "?");
      toggle.setAttribute("aria-label", `About ${standard.title}`);
      const list = el("ul", { class: "behaviours", id: listId });
      for (const behaviour of standard.behaviours) list.appendChild(el("li", {}, behaviour));
      list.hidden = true;
      toggle.addEventListener("click", () => {
        list.hidden = !list.hidden;
        toggle.setAttribute("aria-expanded", String(!list.hidden));
      });
      legend.appendChild(toggle);
      fieldset.appendChild(list);
    }
    fieldset.appendChild(ratingRow(standard, chosen));
    return fieldset;
  }

  function answerToForm(answer) {
    const ratings = {};
    for (const [key, value] of Object.entries(answer.ratings || {})) {
      ratings[key] = value === null ? "na" : String(value);
    }
    return { ratings, notes: answer.notes || "", blocker: !!answer.blocker,
             measures: answer.measures || {} };
  }

  function renderPhotos() {
    const count = state.photos ? state.photos.length : 0;
    $("photos").textContent = count ? `${count} photo${count === 1 ? "" : "s"} added` : "";
  }

  function render() {
    const step = state.step;
    $("journey-title").textContent = state.journey.title;
    $("site-link").hidden = !state.site_url;
    if (state.site_url) $("site-link").href = state.site_url;
    if (state.finished) {
      $("progress").textContent = `All ${state.total} steps saved`;
      $("step-title").textContent = "Walk finished — thank you";
      for (const id of ["intent", "ask", "captured", "expected"]) $(id).textContent = "";
      $("step-form").hidden = true;
      $("step-title").focus();
      return;
    }
    const form = answerToForm(state.answer || {});
    $("progress").textContent = `Step ${state.index + 1} of ${state.total}`;
    $("step-title").textContent = step.name;
    $("intent").textContent = step.intent ? `“${step.intent}”` : "";
    $("ask").textContent = step.ask ? `Ask yourself: ${step.ask}` : "";
    expectedList(step.expected || []);
    $("captured").textContent = state.captured_url ? `Evidence captured from ${state.captured_url}` : "";
    $("recapture-field").hidden = !state.captured_url;
    $("recapture").checked = false;

    const measures = $("measures");
    measures.replaceChildren();
    for (const measure of step.measures) {
      const wrapper = el("div", { class: "field measure" });
      const id = `measure-${measure.id}`;
      wrapper.appendChild(el("label", { for: id }, measure.unit ? `${measure.prompt} (${measure.unit})` : measure.prompt));
      const input = el("input", { type: "number", id, name: id, min: "0", step: "any", inputmode: "decimal" });
      if (form.measures[measure.id] !== undefined) input.value = form.measures[measure.id];
      wrapper.appendChild(input);
      measures.appendChild(wrapper);
    }

    const standards = $("standards");
    standards.replaceChildren();
    for (const standard of state.standards) standards.appendChild(standardBlock(standard, form.ratings[standard.id]));
    $("notes").value = form.notes;
    $("blocker").checked = form.blocker;
    renderPhotos();
    $("back").disabled = state.index === 0;
    $("next").textContent = state.index + 1 === state.total ? "Finish" : "Next";
    $("step-title").setAttribute("tabindex", "-1");
    $("step-title").focus();
  }

  function readForm() {
    const ratings = {};
    for (const standard of state.standards) {
      const chosen = document.querySelector(`input[name="rate-${standard.id}"]:checked`);
      if (chosen) ratings[standard.id] = chosen.value === "na" ? null : Number(chosen.value);
    }
    const measures = {};
    for (const measure of state.step.measures) {
      const value = $(`measure-${measure.id}`).value.trim();
      if (value !== "") measures[measure.id] = Number(value);
    }
    return { ratings, notes: $("notes").value, blocker: $("blocker").checked, measures };
  }

  async function move(direction) {
    if (busy || !state || state.finished) return;
    busy = true;
    $("next").disabled = true;
    setStatus(direction === "next" ? "Saving…" : "Going back…");
    try {
      state = await call("POST", "/api/step", {
        index: state.index, move: direction, answer: readForm(), recapture: $("recapture").checked,
      });
      setStatus(state.message || "");
      render();
    } catch (error) {
      setStatus(`Not saved: ${error.message}`, true);
    } finally {
      busy = false;
      $("next").disabled = false;
    }
  }

  async function addPhotos() {
    const files = Array.from($("photo").files || []);
    for (const file of files) {
      setStatus("Adding the photo…");
      try {
        // Only the photo list changes: answers being typed on this step stay as they are.
        state = await call("POST", `/api/photo?index=${state.index}`, file, "application/octet-stream");
        renderPhotos();
        setStatus(state.message || "");
      } catch (error) {
        setStatus(`Photo not added: ${error.message}`, true);
      }
    }
    $("photo").value = "";
  }

  $("step-form").addEventListener("submit", (event) => { event.preventDefault(); move("next"); });
  $("back").addEventListener("click", () => move("back"));
  $("photo").addEventListener("change", addPhotos);

  call("GET", "/api/state").then((data) => { state = data; render(); setStatus(state.message || ""); })
    .catch((error) => setStatus(`Cannot reach selfshop: ${error.message}`, true));
})();
