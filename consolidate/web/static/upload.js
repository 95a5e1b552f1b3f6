// Drag and drop, and upload progress, for the unit's page. The form works without this script.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = document.getElementById("file");
  var drop = form.querySelector(".drop");
  var text = form.querySelector(".drop-text");
  var progress = document.getElementById("progress");
  var state = document.getElementById("upload-state");

  function chosen() {
    if (input.files && input.files.length) { text.textContent = "Tệp đã chọn: " + input.files[0].name; }
  }
  input.addEventListener("change", chosen);
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; chosen(); }
  });

  form.addEventListener("submit", function (event) {
    if (!input.files || !input.files.length) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    progress.hidden = false;
    progress.value = 0;
    state.textContent = "Đang gửi…";
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { progress.value = Math.round(100 * e.loaded / e.total); }
    });
    request.upload.addEventListener("load", function () { state.textContent = "Đã gửi xong, đang kiểm tra…"; });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300) {
        window.location.href = form.action + "#ket-qua";
        window.location.reload();
        return;
      }
      var message = "Không gửi được tệp (mã " + request.status + ").";
      try { message = JSON.parse(request.responseText).error || message; } catch (ignored) { /* not JSON */ }
      progress.hidden = true;
      state.textContent = message;
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      state.textContent = "Mất kết nối khi gửi tệp. Hãy thử gửi lại.";
    });
    request.send(new FormData(form));
  });
})();
