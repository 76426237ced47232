/* The field view (acties/veld_*.html) with a poor connection or none.
 *
 * A visit recorded on the page is not posted at once: it gets a key of its own (a UUID) and is
 * kept with its photos in IndexedDB on the device, the address is shown as done, and the queue
 * is sent in the order recorded, one record at a time, when the connection is there (at once,
 * on the `online` event, when the page loads, and with the "Nu verzenden" button). The server
 * stores a key once: a record sent again after a lost answer is not stored twice. A record the
 * server refuses (422) stays in the queue with its errors shown beside its fields until the
 * team corrects it. Without this script (or without IndexedDB) the forms post as usual.
 */
(function () {
  "use strict";

  var DB_NAME = "goedwonen-veld";
  var STORE = "wachtrij";
  var box = document.querySelector("[data-veld-wachtrij]");
  if (!box || !window.indexedDB || !window.fetch || !window.FormData) return;

  var counter = 0;
  var sending = false;
  var problem = ""; // why the last round did not send everything, shown until the next
  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "sleutel" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allRecords() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (records) {
      return (records || []).sort(function (a, b) { return a.volgnummer - b.volgnummer; });
    });
  }
  function getRecord(key) { return withStore("readonly", function (store) { return store.get(key); }); }
  function putRecord(record) { return withStore("readwrite", function (store) { store.put(record); }); }
  function removeRecord(key) { return withStore("readwrite", function (store) { store.delete(key); }); }

  function newKey() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) {
      crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function card(adres) { return document.querySelector('[data-veld-adres="' + adres + '"]'); }

  function setStatus(adres, text) {
    var c = card(adres);
    var badge = c && c.querySelector("[data-veld-status]");
    if (badge) badge.textContent = text;
  }

  function hideForms(adres) {
    var c = card(adres);
    if (!c) return;
    c.setAttribute("data-veld-lokaal", "");
    Array.prototype.forEach.call(c.querySelectorAll("details"), function (d) { d.open = false; d.hidden = true; });
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-veld-fout]"), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    var general = form.querySelector("[data-veld-fouten]");
    if (general) general.textContent = "";
  }

  function errorLine(text, id) {
    var p = document.createElement("p");
    p.className = "utrecht-form-field-error-message";
    p.setAttribute("data-veld-fout", "");
    if (id) p.id = id;
    p.textContent = text;
    return p;
  }

  function fillForm(form, record) {
    var values = {};
    record.velden.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "submit") return;
      var given = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = given.indexOf(el.value) !== -1;
      else el.value = given.length ? given[0] : "";
    });
  }

  /* Show a refused record's errors beside its fields, with what was typed, and keep it. */
  function showErrors(record) {
    var c = card(record.adres);
    var form = c && c.querySelector("form[data-veld-formulier]");
    if (!form) return;
    c.removeAttribute("data-veld-lokaal");
    var details = c.querySelector("[data-veld-vastleggen]");
    if (details) { details.hidden = false; details.open = true; }
    setStatus(record.adres, "Niet verzonden: verbeter de fouten");
    form.setAttribute("data-veld-sleutel", record.sleutel);
    fillForm(form, record);
    clearErrors(form);
    var general = form.querySelector("[data-veld-fouten]");
    var fouten = record.fouten || {};
    Object.keys(fouten).forEach(function (name) {
      var messages = fouten[name];
      var field = name ? form.querySelector('[name="' + name + '"]') : null;
      if (!field) {
        messages.forEach(function (m) { general.appendChild(errorLine(m)); });
        return;
      }
      var holder = field.closest(".utrecht-form-field, .utrecht-form-fieldset") || field.parentNode;
      var id = (field.id || name) + "_veldfout";
      var anchor = holder.querySelector(".utrecht-form-field__input") || field;
      messages.forEach(function (m, i) { anchor.parentNode.insertBefore(errorLine(m, id + i), anchor); });
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", id + "0");
    });
    if (record.fotos && record.fotos.length) {
      general.appendChild(errorLine("De " + record.fotos.length + " eerder gekozen foto('s) blijven bewaard bij dit bezoek."));
    }
  }

  function render() {
    return allRecords().then(function (records) {
      var waiting = records.length;
      var telling = box.querySelector("[data-veld-telling]");
      var list = box.querySelector("[data-veld-wachtend]");
      var connection = box.querySelector("[data-veld-verbinding]");
      var button = box.querySelector("[data-veld-verzenden]");
      telling.textContent = waiting ? waiting + " nog niet verzonden" : (box.getAttribute("data-verzonden") ? "Alles is verzonden." : "");
      list.textContent = "";
      records.forEach(function (record) {
        var li = document.createElement("li");
        li.className = "utrecht-unordered-list__item";
        var link = document.createElement("a");
        link.className = "utrecht-link";
        link.href = card(record.adres) ? "#adres-" + record.adres : record.pagina;
        link.textContent = record.naam;
        li.appendChild(link);
        li.appendChild(document.createTextNode(record.fouten ? ": verbeter de fouten en leg het opnieuw vast" : ": wacht op verzending"));
        list.appendChild(li);
      });
      connection.textContent = navigator.onLine ? problem : "Geen verbinding: wat u vastlegt blijft op dit toestel en wordt verzonden zodra er weer verbinding is.";
      button.hidden = waiting === 0;
      box.hidden = waiting === 0 && navigator.onLine && !box.getAttribute("data-verzonden");
      return records;
    });
  }

  function formData(record) {
    var data = new FormData();
    record.velden.forEach(function (pair) { data.append(pair[0], pair[1]); });
    (record.fotos || []).forEach(function (foto) { data.append(foto.veld, foto.blob, foto.bestandsnaam); });
    data.append("sleutel", record.sleutel);
    data.append("vastgelegd_op", record.vastgelegd_op);
    data.append("csrfmiddlewaretoken", csrfToken());
    return data;
  }

  function sendOne(record) {
    return fetch(record.url, {
      method: "POST",
      body: formData(record),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.status === 200 || response.status === 201) {
        return removeRecord(record.sleutel).then(function () {
          setStatus(record.adres, "Bezocht (verzonden)");
          box.setAttribute("data-verzonden", "1");
          return "sent";
        });
      }
      if (json && (response.status === 422 || response.status === 403 || response.status === 404)) {
        return response.json().then(function (body) {
          record.fouten = body.fouten || { "": [body.melding || "Het bezoek is geweigerd."] };
          return putRecord(record).then(function () { showErrors(record); return "refused"; });
        });
      }
      if (response.type === "opaqueredirect" || response.status === 0 || response.status === 403) {
        throw new Error("Uw sessie is verlopen. Log opnieuw in (de vastgelegde bezoeken blijven op dit toestel) en kies daarna Nu verzenden.");
      }
      throw new Error("Goedwonen kon het bezoek nu niet opslaan (status " + response.status + "). Het blijft op dit toestel; probeer het later opnieuw.");
    });
  }

  function sendQueue() {
    if (sending || !navigator.onLine) return render();
    sending = true;
    problem = "";
    return allRecords().then(function (records) {
      var pending = records.filter(function (r) { return !r.fouten; });
      // One at a time, in the order recorded; stop at the first that cannot be sent now.
      return pending.reduce(function (chain, record) {
        return chain.then(function (go) {
          if (!go) return false;
          return sendOne(record).then(function () { return true; });
        });
      }, Promise.resolve(true));
    }).catch(function (error) {
      problem = error instanceof TypeError ? "Geen verbinding: de bezoeken worden verzonden zodra er weer verbinding is." : error.message;
    }).then(function () {
      sending = false;
      return render();
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-veld-overslaan]") && !navigator.onLine) {
      // Skipping is not queued: keep the reason typed and say why nothing happened.
      event.preventDefault();
      var general = form.querySelector("[data-veld-fouten]");
      general.textContent = "";
      general.appendChild(errorLine("Geen verbinding: overslaan lukt pas als er weer verbinding is. Uw reden blijft staan."));
      return;
    }
    if (!form.matches || !form.matches("form[data-veld-formulier]")) return;
    event.preventDefault();
    var earlier = form.getAttribute("data-veld-sleutel");
    var velden = [];
    var fotos = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "sleutel") return;
      if (typeof value === "object" && value !== null && "size" in value) {
        if (value.size) fotos.push({ veld: name, bestandsnaam: value.name, type: value.type, blob: value });
      } else {
        velden.push([name, value]);
      }
    });
    var adres = form.querySelector("input[name=adres]").value;
    var record = {
      sleutel: earlier || newKey(),
      volgnummer: Date.now() * 1000 + (counter++ % 1000),
      url: form.getAttribute("data-registratie-url"),
      pagina: window.location.pathname + "#adres-" + adres,
      adres: adres,
      naam: (form.getAttribute("data-adresnaam") || "").trim(),
      velden: velden,
      fotos: fotos,
      vastgelegd_op: new Date().toISOString(),
      fouten: null,
    };
    (earlier ? getRecord(earlier) : Promise.resolve(null)).then(function (old) {
      // A corrected record keeps its place in the queue and the photos chosen before.
      if (old) {
        record.volgnummer = old.volgnummer;
        if (!fotos.length) record.fotos = old.fotos || [];
      }
      return putRecord(record);
    }).then(function () {
      form.removeAttribute("data-veld-sleutel");
      clearErrors(form);
      form.reset();
      hideForms(adres);
      setStatus(adres, "Vastgelegd op dit toestel, nog niet verzonden");
      box.removeAttribute("data-verzonden");
      return render();
    }).then(sendQueue);
  }

  function start() {
    document.addEventListener("submit", onSubmit);
    box.querySelector("[data-veld-verzenden]").addEventListener("click", sendQueue);
    window.addEventListener("online", sendQueue);
    window.addEventListener("offline", render);
    allRecords().then(function (records) {
      records.forEach(function (record) {
        if (record.fouten) {
          showErrors(record);
        } else if (card(record.adres)) {
          hideForms(record.adres);
          setStatus(record.adres, "Vastgelegd op dit toestel, nog niet verzonden");
        }
      });
      return sendQueue();
    });
  }

  start();
})();
