// The guide panel: shows one step at a time and sends the leader's answers to selfshop.
// Everything shown comes from the journey and standards files: it is set as text, never HTML.
"use strict";

(function () {
  const token = document.querySelector('meta[name="walk-token"]').content;
  const $ = (id) => document.getElementById(id);
  const drafts = {};  // unsaved answers per step, kept while the leader moves Back and forth
  let state = null;
  let busy = false;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { "X-Walk-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
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

  function listSection(items, className) {
    const list = el("ul", { class: className });
    for (const item of items) list.appendChild(el("li", {}, item));
    return list;
  }

  function ratingGroup(standard, chosen) {
    const group = el("div", { class: "ratings", role: "radiogroup", "aria-label": `Rating for ${standard.title}` });
    const options = [["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"], ["5", "5"], ["na", "Not applicable"]];
    for (const [value, label] of options) {
      const id = `rate-${standard.id}-${value}`;
      const input = el("input", { type: "radio", name: `rate-${standard.id}`, id, value });
      if (chosen === value) input.checked = true;
      const wrapper = el("label", { for: id });
      wrapper.appendChild(input);
      wrapper.appendChild(document.createTextNode(label));
      group.appendChild(wrapper);
    }
    return group;
  }

  function answerToForm(answer) {
    const ratings = {};
    for (const [key, value] of Object.entries(answer.ratings || {})) {
      ratings[key] = value === null ? "na" : String(value);
    }
    return { ratings, notes: answer.notes || "", blocker: !!answer.blocker,
             measures: answer.measures || {} };
  }

  function render() {
    const step = state.step;
    $("journey-title").textContent = state.journey.title;
    if (state.finished) {
      $("progress").textContent = `All ${state.total} steps saved`;
      $("step-title").textContent = "Walk finished — thank you";
      for (const id of ["intent", "ask", "captured"]) $(id).textContent = "";
      $("step-form").hidden = true;
      $("step-title").focus();
      return;
    }
    const form = drafts[state.index] || (state.answer ? answerToForm(state.answer) : answerToForm({}));
    $("progress").textContent = `Step ${state.index + 1} of ${state.total}`;
    $("step-title").textContent = step.name;
    $("intent").textContent = step.intent ? `Intent: ${step.intent}` : "";
    $("ask").textContent = step.ask ? `Ask yourself: ${step.ask}` : "";
    $("captured").textContent = state.captured_url ? `Evidence captured from ${state.captured_url}` : "";
    $("recapture-field").hidden = !state.captured_url;
    $("recapture").checked = false;

    const measures = $("measures");
    measures.replaceChildren();
    for (const measure of step.measures) {
      const wrapper = el("div", { class: "field" });
      const id = `measure-${measure.id}`;
      wrapper.appendChild(el("label", { for: id }, measure.unit ? `${measure.prompt} (${measure.unit})` : measure.prompt));
      const input = el("input", { type: "number", id, name: id, min: "0", step: "any" });
      if (form.measures[measure.id] !== undefined) input.value = form.measures[measure.id];
      wrapper.appendChild(input);
      measures.appendChild(wrapper);
    }

    const standards = $("standards");
    standards.replaceChildren();
    for (const standard of state.standards) {
      const fieldset = el("fieldset", { id: `standard-${standard.id}` });
      fieldset.appendChild(el("legend", {}, standard.title));
      if (standard.behaviours.length) fieldset.appendChild(listSection(standard.behaviours, "behaviours"));
      if (standard.questions.length) fieldset.appendChild(listSection(standard.questions, "questions"));
      fieldset.appendChild(ratingGroup(standard, form.ratings[standard.id]));
      standards.appendChild(fieldset);
    }
    $("notes").value = form.notes;
    $("blocker").checked = form.blocker;
    $("back").disabled = state.index === 0;
    $("next").textContent = state.index + 1 === state.total ? "Finish" : "Next";
    $("step-title").setAttribute("tabindex", "-1");
    $("step-title").focus();
  }

  function readForm() {
    const ratings = {};
    const raw = {};
    for (const standard of state.standards) {
      const chosen = document.querySelector(`input[name="rate-${standard.id}"]:checked`);
      if (!chosen) continue;
      raw[standard.id] = chosen.value;
      ratings[standard.id] = chosen.value === "na" ? null : Number(chosen.value);
    }
    const measures = {};
    for (const measure of state.step.measures) {
      const value = $(`measure-${measure.id}`).value.trim();
      if (value !== "") measures[measure.id] = Number(value);
    }
    return {
      answer: { ratings, notes: $("notes").value, blocker: $("blocker").checked, measures },
      draft: { ratings: raw, notes: $("notes").value, blocker: $("blocker").checked, measures },
    };
  }

  async function move(direction) {
    if (busy || !state || state.finished) return;
    busy = true;
    $("next").disabled = true;
    const { answer, draft } = readForm();
    drafts[state.index] = draft;
    setStatus(direction === "next" ? "Saving and capturing the page…" : "Going back…");
    try {
      const index = state.index;
      state = await call("POST", "/api/step", {
        index, move: direction, answer, recapture: $("recapture").checked,
      });
      if (direction === "next") delete drafts[index];
      setStatus(state.message || "");
      render();
    } catch (error) {
      setStatus(`Not saved: ${error.message}`, true);
    } finally {
      busy = false;
      $("next").disabled = false;
    }
  }

  $("step-form").addEventListener("submit", (event) => { event.preventDefault(); move("next"); });
  $("back").addEventListener("click", () => move("back"));

  call("GET", "/api/state").then((data) => { state = data; render(); setStatus(state.message || ""); })
    .catch((error) => setStatus(`Cannot reach selfshop: ${error.message}`, true));
})();
