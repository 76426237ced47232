// Passkeys (WebAuthn) on the sign-in pages: asks the server for options, lets the browser
// make or use a passkey, and sends its answer back (goedwonen/aanmelden/passkeys.py checks
// it). Wired by data attributes: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function bytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  }

  function base64url(buffer) {
    let binary = "";
    new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(options) {
    options.challenge = bytes(options.challenge);
    options.user.id = bytes(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = bytes(c.id); });
    return options;
  }

  function requestOptions(options) {
    options.challenge = bytes(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = bytes(c.id); });
    return options;
  }

  function credentialJSON(credential) {
    const r = credential.response;
    const json = {
      id: credential.id,
      rawId: base64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: base64url(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      json.response.attestationObject = base64url(r.attestationObject);
      json.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      json.response.authenticatorData = base64url(r.authenticatorData);
      json.response.signature = base64url(r.signature);
      json.response.userHandle = r.userHandle ? base64url(r.userHandle) : null;
    }
    return json;
  }

  async function post(form, url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
      },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok || (response.redirected && !data.redirect)) {
      throw new Error(data.fout || "Er ging iets mis. Laad de pagina opnieuw en probeer het nog eens.");
    }
    return data;
  }

  function report(form, message) {
    const box = form.querySelector("[data-passkey-melding]");
    box.textContent = "";
    if (!message) return;
    const alert = document.createElement("div");
    alert.className = "utrecht-alert utrecht-alert--error";
    const content = document.createElement("div");
    content.className = "utrecht-alert__content";
    const text = document.createElement("p");
    text.className = "utrecht-alert__message utrecht-paragraph";
    text.textContent = message;
    content.append(text);
    alert.append(content);
    box.append(alert);
  }

  async function ceremony(form) {
    const making = form.dataset.passkey === "registreren";
    const options = await post(form, form.dataset.opties);
    const credential = making
      ? await navigator.credentials.create({ publicKey: creationOptions(options) })
      : await navigator.credentials.get({ publicKey: requestOptions(options) });
    const body = { credential: credentialJSON(credential) };
    if (making) body.naam = form.elements.naam.value;
    const result = await post(form, form.dataset.url, body);
    window.location.assign(result.redirect);
  }

  if (!window.PublicKeyCredential || !navigator.credentials) return;
  document.querySelectorAll("[data-passkey-zonder]").forEach((note) => { note.hidden = true; });
  document.querySelectorAll("form[data-passkey]").forEach((form) => {
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      report(form, "");
      ceremony(form)
        .catch((error) => {
          report(form, error.name === "NotAllowedError" || error.name === "AbortError"
            ? "Er is geen passkey gebruikt (afgebroken of te lang gewacht). Probeer het opnieuw."
            : error.message);
        })
        .finally(() => { button.disabled = false; });
    });
  });
})();
