/*
 * Renders a dossier's process diagram with the vendored bpmn-js NavigatedViewer.
 *
 * Reads from <div id="diagram">:
 *   data-bpmn-url   URL of the BPMN XML of the model version the dossier runs on;
 *   data-completed  JSON list of BPMN element ids already done (marker "completed-step");
 *   data-current    JSON list of BPMN element ids waiting now (marker "current-step").
 * When done, the div gets data-state="rendered" (or "error" with a Vietnamese message).
 */
(function () {
  "use strict";

  var VIEWER_URL = "/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js";
  var MIN_HEIGHT = 240;
  var PADDING = 40;
  var ERROR_TEXT = "Không tải được sơ đồ quy trình. Vui lòng tải lại trang hoặc báo quản trị viên.";

  function parseIds(text) {
    if (!text) {
      return [];
    }
    try {
      var ids = JSON.parse(text);
      return Array.isArray(ids) ? ids : [];
    } catch (error) {
      return [];
    }
  }

  function loadViewer() {
    if (window.BpmnJS) {
      return Promise.resolve(window.BpmnJS);
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = VIEWER_URL;
      script.onload = function () {
        if (window.BpmnJS) {
          resolve(window.BpmnJS);
        } else {
          reject(new Error("bpmn-js did not define BpmnJS"));
        }
      };
      script.onerror = function () {
        reject(new Error("cannot load " + VIEWER_URL));
      };
      document.head.appendChild(script);
    });
  }

  function fetchXml(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/xml" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status + " for " + url);
        }
        return response.text();
      }
    );
  }

  function addMarkers(viewer, ids, marker) {
    var registry = viewer.get("elementRegistry");
    var canvas = viewer.get("canvas");
    ids.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    });
  }

  /* A process model is much wider than high: shrink the box to the diagram's proportions
     (within MIN_HEIGHT..the CSS height) so it is not framed by empty space, then fit it. */
  function fitHeight(container, canvas) {
    var inner = canvas.viewbox().inner;
    var maxHeight = container.clientHeight;
    if (inner.width > 0 && maxHeight > 0) {
      var wanted = Math.ceil(container.clientWidth * inner.height / inner.width) + PADDING;
      container.style.height = Math.max(MIN_HEIGHT, Math.min(maxHeight, wanted)) + "px";
      canvas.resized();
    }
    canvas.zoom("fit-viewport", "auto");
  }

  /* The whole model fitted into the page is small: buttons to zoom in on a part (the
     diagram can also be dragged, and zoomed with Ctrl + mouse wheel). */
  function addZoomButtons(container, viewer) {
    var zoomScroll = viewer.get("zoomScroll");
    var canvas = viewer.get("canvas");
    var bar = document.createElement("div");
    bar.className = "diagram-zoom";
    [
      ["+", "Phóng to", function () { zoomScroll.stepZoom(1); }],
      ["−", "Thu nhỏ", function () { zoomScroll.stepZoom(-1); }],
      ["⤢", "Xem toàn bộ sơ đồ", function () { canvas.zoom("fit-viewport", "auto"); }]
    ].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("click", spec[2]);
      bar.appendChild(button);
    });
    container.appendChild(bar);
  }

  function showError(container, error) {
    if (window.console) {
      console.error("diagram:", error);
    }
    container.textContent = "";
    var message = document.createElement("p");
    message.className = "diagram-error";
    message.setAttribute("role", "alert");
    message.textContent = ERROR_TEXT;
    container.appendChild(message);
    container.setAttribute("data-state", "error");
  }

  function render(container) {
    var url = container.getAttribute("data-bpmn-url");
    if (!url) {
      showError(container, new Error("missing data-bpmn-url"));
      return;
    }
    var completed = parseIds(container.getAttribute("data-completed"));
    var current = parseIds(container.getAttribute("data-current"));
    container.setAttribute("data-state", "loading");

    Promise.all([loadViewer(), fetchXml(url)])
      .then(function (loaded) {
        var Viewer = loaded[0];
        var viewer = new Viewer({ container: container });
        return viewer.importXML(loaded[1]).then(function () {
          addMarkers(viewer, completed, "completed-step");
          addMarkers(viewer, current, "current-step");
          fitHeight(container, viewer.get("canvas"));
          addZoomButtons(container, viewer);
          container.setAttribute("data-state", "rendered");
        });
      })
      .catch(function (error) {
        showError(container, error);
      });
  }

  function start() {
    var container = document.getElementById("diagram");
    if (container) {
      render(container);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
