/* The workload calculator of choosing.md: the formula of measured/model.py, run as the reader types.

   The page embeds the model's costs on each machine and interpreter of the build
   (measured/predict.py writes them, as data/model.json too). predict() below is
   measured.model.predict() line for line; tests/test_predict.py runs both on the same
   inputs and compares. The prediction the page shows before this runs is Python's, in
   the markup this draws (measured.render.predicted), so the page reads without it. */
(function () {
  "use strict";

  // The formula

  function unique(names) {
    return [...new Set(names)];
  }

  /* An interpreter's costs, read by the formula: which it used, which it had to leave out. */
  function costs(values) {
    const used = [];
    const missing = [];
    function read(...names) {
      let total = 0;
      for (const name of names) {
        const value = values[name];
        if (value === null || value === undefined) {
          missing.push(name);
        } else {
          used.push(name);
          total += Math.max(0, value);
        }
      }
      return total;
    }
    read.missing = missing;
    read.prediction = (model, seconds, ...facts) => ({
      model,
      seconds,
      rests_on: unique([...used, ...facts]),
      left_out: unique(missing),
      unavailable: "",
    });
    return read;
  }

  function unavailable(model, why) {
    return { model, seconds: null, rests_on: [], left_out: [], unavailable: why };
  }

  function threads(work, interpreter, model) {
    const { tasks: n, workers: k, wait: w, python: c, native: d } = work;
    const cost = costs(interpreter.values);
    const pool = cost("threads_pool") + (k - 1) * cost("thread_start");
    const parallel = Math.min(k, work.cores);
    if (!interpreter.gil) {
      return cost.prediction(model, pool + Math.max(Math.ceil(n / k) * (w + c + d), (n * (c + d)) / parallel));
    }
    const handover = k > 1 && c > 0 && w + d > 0 ? interpreter.switch_interval : 0;
    const turns = k > 1 && c > 0 ? Math.max(1, cost("gil_turns")) : 1; // taking turns costs time too
    const seconds =
      pool + Math.max(Math.ceil(n / k) * (w + c + d + handover), n * c * turns, (n * (c + d)) / parallel);
    return cost.prediction(model, seconds, ...(handover ? ["switch_interval"] : []));
  }

  function predict(work, interpreter) {
    const { tasks: n, workers: k, wait: w, python: c, native: d } = work;
    const rounds = Math.ceil(n / k);
    const parallel = Math.min(k, work.cores);
    const span = (extra) => rounds * (w + c + d + extra);
    const found = [{ model: "sequential", seconds: n * (w + c + d), rests_on: [], left_out: [], unavailable: "" }];
    found.push(threads(work, interpreter, "threads"));
    if (interpreter.gil) {
      const twin = interpreter.free_threaded;
      if (twin) {
        const slower = { ...work, python: c * twin.slowdown };
        const free = threads(slower, twin, "free-threaded threads");
        found.push({ ...free, rests_on: [...free.rests_on, "slowdown"] });
      } else {
        found.push(unavailable("free-threaded threads", "no free-threaded build measured"));
      }
    }
    let cost = costs(interpreter.values);
    found.push(cost.prediction("asyncio", cost("asyncio_loop") + Math.max(span(0), n * (c + d))));
    const fallback = interpreter.default_method;
    const pooled = interpreter.values.processes_pool !== null && interpreter.values.processes_pool !== undefined;
    for (const method of interpreter.start_methods) {
      cost = costs(interpreter.values);
      let pool;
      if (method === fallback && pooled) {
        pool = cost("processes_pool") + (k - 1) * cost(`${method}_then`);
      } else {
        const setup = pooled
          ? Math.max(0, cost("processes_pool") - cost(`${fallback}_first`))
          : cost("processes_pool");
        pool = setup + cost(`${method}_first`) + (k - 1) * cost(`${method}_then`);
      }
      const extra = cost("round_trip") + 2 * work.payload * cost("byte_cost");
      const seconds = pool + Math.max(span(extra), (n * (c + d + extra)) / parallel, n * extra);
      found.push(cost.prediction(`processes (${method})`, seconds));
    }
    const [major, minor] = interpreter.version;
    if (major > 3 || (major === 3 && minor >= 12)) {
      cost = costs(interpreter.values);
      const seconds = k * cost("subinterpreter_start") + Math.max(span(0), (n * (c + d)) / parallel);
      cost.missing.push("interpreters_pool", ...(work.payload ? ["interpreters_payload"] : []));
      found.push(cost.prediction("subinterpreters", seconds));
    } else {
      found.push(unavailable("subinterpreters", "no GIL of their own before Python 3.12"));
    }
    return found;
  }

  // What the reader sees: measured.render.predicted(), in the same markup

  function duration(value) {
    if (value === 0) return "0 s";
    const units = [["h", 3600, 7200], ["min", 60, 120], ["s", 1, 1], ["ms", 1e-3, 1e-3], ["µs", 1e-6, 0]];
    const [unit, size] = units.find(([, , above]) => value >= above);
    const scaled = value / size;
    return `${scaled.toFixed(scaled < 10 ? 1 : 0)} ${unit}`;
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function time(prediction) {
    return `${prediction.left_out.length ? "at least " : "about "}${duration(prediction.seconds)}`;
  }

  function drawn(predictions, labels, on, tasks, costsAt) {
    const shown = predictions.filter((p) => p.seconds !== null).sort((a, b) => a.seconds - b.seconds);
    const absent = predictions.filter((p) => p.seconds === null);
    const longest = Math.max(0, ...shown.map((p) => p.seconds)) || 1;
    const said = shown.map((p) => `${p.model} ${time(p)}`).join(", ");
    let sentence = `${tasks.toLocaleString("en-US")} tasks on ${on}: ${said}.`;
    if (absent.length) {
      sentence += ` Not predicted: ${absent.map((p) => `${p.model} (${p.unavailable})`).join("; ")}.`;
    }
    const list = element("ol", "measured-predicted");
    for (const p of shown) {
      const row = element("li", `measured-predicted__row${p.left_out.length ? " measured-predicted__row--lower" : ""}`);
      row.append(element("span", "measured-predicted__model", p.model));
      row.append(element("span", "measured-predicted__time", time(p)));
      const bar = element("span", "measured-predicted__bar");
      bar.style.width = `${Math.max(0.5, (100 * p.seconds) / longest).toFixed(1)}%`;
      row.append(bar);
      const basis = element("span", "measured-predicted__basis", p.rests_on.length ? "rests on " : "rests on the inputs alone");
      p.rests_on.forEach((name, index) => {
        const link = element("a", "", labels[name] || name);
        link.href = costsAt + name;
        basis.append(...(index ? [", ", link] : [link]));
      });
      if (p.left_out.length) {
        basis.append(`; leaves out, not measured: ${p.left_out.map((name) => labels[name] || name).join(", ")}`);
      }
      row.append(basis);
      list.append(row);
    }
    return [element("p", "measured-predicted__sentence", sentence), list];
  }

  // The form

  /* Each field's value in the model's units, or what is wrong with it, in words. */
  function readField(field, input) {
    const text = input.value.trim();
    if (input.validity && input.validity.badInput) return { problem: "is not a number" };
    if (text === "") return { problem: "is empty: enter a number" };
    const value = Number(text);
    if (!Number.isFinite(value)) return { problem: "is not a number" };
    if (value < 0) return { problem: "cannot be negative" };
    if (field.whole && !Number.isInteger(value)) return { problem: "must be a whole number" };
    if (value < field.min) return { problem: `must be at least ${field.min.toLocaleString("en-US")}` };
    if (value > field.max) {
      const unit = field.unit ? ` ${field.unit}` : "";
      return { problem: `is too large: at most ${field.max.toLocaleString("en-US")}${unit}` };
    }
    return { value: value * field.scale };
  }

  /* The form's calculator: its data read, and what each control does. */
  function calculator(form, result) {
    const data = JSON.parse(form.dataset.costs);
    const chooser = form.elements.on;
    const presets = [...form.querySelectorAll("[data-preset]")];
    const input = (name) => form.elements[name];

    function chosen() {
      const [machine, interpreter] = chooser.value.split(":").map(Number);
      return [data.machines[machine], data.machines[machine].interpreters[interpreter]];
    }

    function update() {
      const work = {};
      const problems = [];
      for (const field of data.fields) {
        const box = input(field.name);
        const error = document.getElementById(`predictor-${field.name}-error`);
        const read = readField(field, box);
        if ("problem" in read) {
          const message = `${field.label} ${read.problem}.`;
          problems.push(message);
          error.textContent = message;
          error.hidden = false;
          box.setAttribute("aria-invalid", "true");
        } else {
          work[field.name] = read.value;
          error.textContent = "";
          error.hidden = true;
          box.removeAttribute("aria-invalid");
        }
      }
      if (problems.length) {
        const said = element("p", "measured-predictor__invalid", `No prediction yet. ${problems.join(" ")}`);
        result.replaceChildren(said);
        return;
      }
      const [machine, entry] = chosen();
      const on = `${entry.label}, ${machine.name}`;
      result.replaceChildren(...drawn(predict(work, entry), data.labels, on, work.tasks, data.costs_at));
    }

    return {
      update,
      preset(button) {
        const preset = data.presets[Number(button.dataset.preset)];
        for (const [name, value] of Object.entries(preset.inputs)) input(name).value = String(value);
        presets.forEach((other) => other.setAttribute("aria-pressed", String(other === button)));
        update();
      },
      chose() {
        input("cores").value = String(chosen()[0].cores);
        update();
      },
      typed() {
        presets.forEach((button) => button.setAttribute("aria-pressed", "false"));
        update();
      },
    };
  }

  /* The page loads this as the form nears the screen (measured.render.predictor), and shows the
     prediction for the form as it was built: nothing is read or drawn until the reader uses it. */
  function start() {
    const form = document.getElementById("predictor");
    const result = document.getElementById("predictor-result");
    if (!form || !result || form.predictor) return;
    form.predictor = {};
    let made = null;
    const ready = () => made || (made = calculator(form, result));
    const chooser = form.elements.on;
    form.addEventListener("click", (event) => {
      const button = event.target.closest("[data-preset]");
      if (button) ready().preset(button);
    });
    form.addEventListener("change", (event) => {
      if (event.target === chooser) ready().chose();
    });
    form.addEventListener("input", (event) => {
      if (event.target !== chooser) ready().typed();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    // A browser that kept what the reader typed before a reload shows other inputs: predict those.
    const first = [...chooser.options].find((option) => option.defaultSelected) || chooser.options[0];
    const boxes = [...form.querySelectorAll("input")];
    if (chooser.selectedIndex !== first.index || boxes.some((box) => box.value !== box.defaultValue)) {
      ready().update();
    }
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { predict, duration, readField };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
