/* Mount the pinned rasa-webchat widget and make it keyboard- and screen-reader-friendly.
   Configuration comes from the server (a JSON block in the page), so this file has no
   environment-specific values and the page needs no inline script. */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  var configNode = document.getElementById("webchat-config");

  function showUnavailable() {
    var note = document.getElementById("chat-unavailable");
    if (note) note.hidden = false;
  }

  if (!root || !configNode || !window.WebChat || typeof window.WebChat.default !== "function") {
    showUnavailable();
    return;
  }

  var config = JSON.parse(configNode.textContent || "{}");
  // Short, length-aware delay: replies feel typed without making people wait.
  config.customMessageDelay = function (message) {
    var delay = (message || "").length * 5;
    return Math.max(250, Math.min(delay, 1000));
  };

  // Say when the connection to the assistant drops or cannot be made; the widget itself
  // only shows "connecting". The conversation is kept in the browser meanwhile.
  var statusNode = document.getElementById("chat-status");
  var failures = 0;
  function setStatus(text, state) {
    if (!statusNode) return;
    statusNode.textContent = text;
    statusNode.dataset.state = state;
  }
  config.onSocketEvent = {
    connect: function () {
      failures = 0;
      setStatus("", "connected");
    },
    disconnect: function () {
      setStatus("Connection lost. Reconnecting; your conversation is kept.", "reconnecting");
    },
    connect_error: function () {
      failures += 1;
      if (failures >= 3) {
        setStatus("The assistant can't be reached right now. Please try again in a few " +
                  "minutes; this page keeps trying.", "down");
      }
    }
  };

  // Links in bot messages open in a new tab, without giving the new page a handle on
  // this one, and say so to screen-reader users.
  function fixLink(a) {
    var href = (a.getAttribute("href") || "").trim();
    // The widget does not sanitise link targets; the page's CSP already blocks script
    // URLs, and this makes such a link inert.
    if (/^(javascript|data|vbscript):/i.test(href)) {
      a.removeAttribute("href");
      return;
    }
    if (!/^https?:\/\//i.test(href) || a.dataset.chatLink === "1") return;
    a.dataset.chatLink = "1";
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.setAttribute("aria-describedby", "new-tab-hint");
  }

  // Quick-reply buttons are plain <div>s in rasa-webchat 1.0.1: give them a button role,
  // a tab stop and Enter/Space activation.
  function fixReply(el) {
    if (el.tagName === "A" || el.dataset.chatReply === "1") return;
    el.dataset.chatReply = "1";
    el.setAttribute("role", "button");
    el.setAttribute("tabindex", "0");
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        el.click();
      }
    });
  }

  function enhance() {
    var input = root.querySelector(".rw-new-message");
    if (input && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "Your message to the assistant");
    }
    var send = root.querySelector(".rw-send");
    if (send && !send.getAttribute("aria-label")) send.setAttribute("aria-label", "Send");
    var log = root.querySelector(".rw-messages-container");
    if (log && !log.getAttribute("role")) {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", "Messages");
      log.setAttribute("tabindex", "0");
    }
    Array.prototype.forEach.call(root.querySelectorAll(".rw-message a[href], .rw-replies a[href]"), fixLink);
    Array.prototype.forEach.call(root.querySelectorAll(".rw-reply"), fixReply);
  }

  new MutationObserver(enhance).observe(root, { childList: true, subtree: true });

  // The skip link lands in the chat: put the cursor in the message box.
  var skip = document.querySelector(".skip-link");
  if (skip) {
    skip.addEventListener("click", function (event) {
      var input = root.querySelector(".rw-new-message");
      event.preventDefault();
      (input || root).focus();
    });
  }

  window.WebChat.default(config, root);
})();
