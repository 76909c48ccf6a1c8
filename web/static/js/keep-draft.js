/* What an officer types survives the end of an idle session.
 *
 * 1. Keep and restore: the task form (form#task-form) and every form[data-keep-draft]
 *    are saved on each input into sessionStorage (never localStorage: the data are
 *    personal data under Nghị định 13/2023, and sessionStorage dies with the tab), under
 *    the signed-in officer's id, the page's path and the form's id. Never a file input,
 *    a password, a hidden input or the CSRF token. When the page shows the form again as
 *    the server rendered it (no submitted values re-rendered after an error), the saved
 *    values are put back with a notice. On submit the draft is marked "submitted"; the
 *    next signed-in page drops it unless that page shows errors (the form again with
 *    its errors, a refusal page, a flashed error).
 *    The login page (no officer) keeps every draft, as "interrupted", for after the
 *    sign-in. Signing out drops the officer's drafts; a page of another officer drops
 *    the drafts of any other.
 * 2. Warning before the idle limit: <body data-session-seconds> is the session's
 *    lifetime; five minutes before it ends a banner says when, and "Tiếp tục làm việc"
 *    calls <body data-session-ping> (GET, 204) to have the cookie re-signed.
 */
(function () {
  "use strict";

  var PREFIX = "keep-draft:v1:";
  var WARN_BEFORE_MS = 5 * 60 * 1000;
  var RESTORED =
    "Đã khôi phục nội dung anh/chị đã nhập trước khi phiên làm việc hết hạn. Kiểm tra lại rồi bấm Hoàn thành.";
  var SKIPPED_TYPES = ["file", "hidden", "password", "submit", "button", "reset", "image"];

  var body = document.body;
  var userId = body.getAttribute("data-user-id");

  // ----- storage --------------------------------------------------------------------

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage disabled: nothing is kept, the page works as before
    }
  }

  function read(key) {
    var store = storage();
    if (!store) return null;
    try {
      var draft = JSON.parse(store.getItem(key));
      return draft && typeof draft === "object" && draft.values ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function write(key, draft) {
    var store = storage();
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify(draft));
    } catch (error) {
      /* quota exceeded: the draft is simply not kept */
    }
  }

  function remove(key) {
    var store = storage();
    if (store) store.removeItem(key);
  }

  function keys(prefix) {
    var store = storage();
    var found = [];
    if (!store) return found;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0) found.push(key);
    }
    return found;
  }

  function userPrefix() {
    return PREFIX + userId + ":";
  }

  function keyOf(form) {
    return userPrefix() + window.location.pathname + "#" + form.id;
  }

  // ----- form values ----------------------------------------------------------------

  function kept(element) {
    if (!element.name || element.name === "csrf_token" || element.disabled) return false;
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && SKIPPED_TYPES.indexOf((element.type || "text").toLowerCase()) === -1;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, kept);
  }

  function checkable(element) {
    return element.type === "radio" || element.type === "checkbox";
  }

  function selectedValue(select, initial) {
    for (var i = 0; i < select.options.length; i++) {
      var option = select.options[i];
      if (initial ? option.defaultSelected : option.selected) return option.value;
    }
    // No option marked: a single select shows its first option.
    return initial && select.options.length ? select.options[0].value : select.value;
  }

  /* {name: [values]}: every value of a text field, select or textarea in order; the
   * value of each ticked radio or checkbox. `initial`: as the server rendered them. */
  function snapshot(form, initial) {
    var values = {};
    fields(form).forEach(function (element) {
      var list = values[element.name] || (values[element.name] = []);
      if (checkable(element)) {
        if (initial ? element.defaultChecked : element.checked) list.push(element.value);
      } else if (element.tagName === "SELECT") {
        list.push(selectedValue(element, initial));
      } else {
        list.push(initial ? element.defaultValue : element.value);
      }
    });
    return values;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function fill(form, values) {
    var seen = {};
    fields(form).forEach(function (element) {
      if (!Object.prototype.hasOwnProperty.call(values, element.name)) return;
      var list = values[element.name];
      if (checkable(element)) {
        element.checked = list.indexOf(element.value) !== -1;
      } else {
        var index = seen[element.name] || 0;
        seen[element.name] = index + 1;
        if (index < list.length) element.value = list[index];
      }
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  /* The server showed the form again with what was submitted and why it was refused. */
  function rerendered(form) {
    return Boolean(form.querySelector(".field-error") || document.querySelector(".alert-error"));
  }

  /* The page says a submission did not go through: the form with its errors, a refusal
   * page, or a flashed error (a stale CSRF token sends the officer back with one). */
  function refused() {
    return Boolean(document.querySelector(".alert-error, .field-error, .flash-error"));
  }

  // ----- the notice above a restored form -------------------------------------------

  function notice(form) {
    var box = document.createElement("div");
    box.className = "draft-restored";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = RESTORED;
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button button-small";
    clear.textContent = "Xóa nội dung đã khôi phục";
    clear.addEventListener("click", function () {
      form.reset(); // back to the values the server rendered; the reset handler drops the draft
      var first = fields(form)[0];
      if (first) first.focus();
    });
    box.appendChild(text);
    box.appendChild(clear);
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function keep(form) {
    var key = keyOf(form);
    var box = null;
    var draft = read(key);
    if (draft && !draft.submitted && !rerendered(form)) {
      var initial = snapshot(form, true);
      if (same(draft.values, initial)) {
        remove(key);
      } else if (same(snapshot(form, false), initial)) {
        fill(form, draft.values);
        box = notice(form);
      }
    }

    function save() {
      var values = snapshot(form, false);
      if (same(values, snapshot(form, true))) remove(key);
      else write(key, { values: values, submitted: false, at: Date.now() });
    }

    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("reset", function () {
      remove(key);
      if (box) {
        box.remove();
        box = null;
      }
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var target = (submitter && submitter.getAttribute("formtarget")) || form.getAttribute("target") || "";
      if (target && target !== "_self") return; // "In bản nháp": a new tab, this page stays
      write(key, { values: snapshot(form, false), submitted: true, at: Date.now() });
    });
  }

  /* After a submission: the draft is kept when this page says it was refused, dropped
   * otherwise (the server accepted it and moved on, or showed the form afresh). */
  function settleSubmitted() {
    var keepThem = refused();
    keys(userPrefix()).forEach(function (key) {
      var draft = read(key);
      if (!draft || !draft.submitted) return;
      if (keepThem) {
        draft.submitted = false;
        write(key, draft);
      } else {
        remove(key);
      }
    });
  }

  /* The login page: a submission that ended here did not go through (the session had
   * expired), so every submitted draft is kept for after the sign-in. */
  function interrupt() {
    keys(PREFIX).forEach(function (key) {
      var draft = read(key);
      if (draft && draft.submitted) {
        draft.submitted = false;
        write(key, draft);
      }
    });
  }

  function forgetUser() {
    keys(userPrefix()).forEach(remove);
  }

  /* Another officer signed in in this tab: what the previous one typed is not theirs. */
  function forgetOthers() {
    keys(PREFIX).forEach(function (key) {
      if (key.indexOf(userPrefix()) !== 0) remove(key);
    });
  }

  // ----- the warning before the idle limit ------------------------------------------

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function sessionWarning() {
    var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
    var ping = body.getAttribute("data-session-ping");
    var banner = document.getElementById("session-warning");
    if (!banner || !ping || !(seconds > 0)) return;
    var expiresAt = Date.now() + seconds * 1000;
    var timer = null;
    var shown = null; // "warning" or "expired"
    var focusBefore = null;

    function render(message, label, action) {
      banner.textContent = "";
      var text = document.createElement("p");
      text.textContent = message;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small";
      button.textContent = label;
      button.addEventListener("click", action);
      banner.appendChild(text);
      banner.appendChild(button);
      banner.hidden = false;
    }

    function hide() {
      var hadFocus = banner.contains(document.activeElement);
      banner.hidden = true;
      banner.textContent = "";
      shown = null;
      if (hadFocus && focusBefore && document.body.contains(focusBefore)) focusBefore.focus();
    }

    function expired() {
      shown = "expired";
      render(
        "Phiên làm việc đã hết hạn do không thao tác. Nội dung đang nhập vẫn được giữ trên trình duyệt này; đăng nhập lại để tiếp tục.",
        "Đăng nhập lại",
        function () {
          window.location.assign(window.location.pathname + window.location.search);
        }
      );
    }

    function keepAlive() {
      fetch(ping, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/plain" } })
        .then(function (response) {
          if (response.status !== 204) throw new Error("signed out");
          expiresAt = Date.now() + seconds * 1000;
          hide();
          schedule();
        })
        .catch(expired);
    }

    function warn() {
      shown = "warning";
      focusBefore = document.activeElement;
      var at = new Date(expiresAt);
      render(
        "Phiên làm việc sẽ hết hạn lúc " +
          two(at.getHours()) +
          ":" +
          two(at.getMinutes()) +
          " do không thao tác. Nội dung đang nhập được giữ trên trình duyệt này; hãy lưu hoặc tải lại trang để tiếp tục.",
        "Tiếp tục làm việc",
        keepAlive
      );
    }

    function check() {
      var now = Date.now();
      if (now >= expiresAt) {
        if (shown !== "expired") expired();
        return;
      }
      if (now >= expiresAt - WARN_BEFORE_MS && shown !== "warning") warn();
      schedule();
    }

    function schedule() {
      clearTimeout(timer);
      var now = Date.now();
      var next = now < expiresAt - WARN_BEFORE_MS ? expiresAt - WARN_BEFORE_MS : expiresAt;
      // At most a minute at a time, so a computer waking from sleep catches up.
      timer = setTimeout(check, Math.max(0, Math.min(next - now, 60 * 1000)));
    }

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) check();
    });
    check();
  }

  // ----- start ----------------------------------------------------------------------

  if (!userId) {
    interrupt();
    return;
  }
  forgetOthers();
  settleSubmitted();
  Array.prototype.forEach.call(document.querySelectorAll("form#task-form, form[data-keep-draft]"), function (form) {
    if (form.id) keep(form);
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.logout-form"), function (form) {
    form.addEventListener("submit", forgetUser);
  });
  sessionWarning();
})();
