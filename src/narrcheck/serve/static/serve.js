// The upload form: drop or choose files, send them with upload progress, then poll the
// check's stage until the result page is ready. Text from the server is only ever set
// with textContent (never as HTML). Without JavaScript the form still posts and waits.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) return;
  var narrative = document.getElementById("narrative");
  var tables = document.getElementById("tables");
  var name = document.getElementById("name");
  var go = document.getElementById("go");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("bar");
  var stage = document.getElementById("stage");
  var error = document.getElementById("error");
  var autoName = !name.value;

  function stem(file) { return file.name.replace(/\.[^.]*$/, ""); }
  function isSheet(file) { return /\.(xlsx|xls)$/i.test(file.name); }
  function put(input, file) {
    var dt = new DataTransfer();
    if (file) dt.items.add(file);
    input.files = dt.files;
  }
  function named() {
    if (autoName && narrative.files.length) name.value = stem(narrative.files[0]);
  }
  function showError(line) {
    progress.hidden = true;
    go.disabled = false;
    error.textContent = "无法核对：" + line;
    error.hidden = false;
  }
  function showStage(text) {
    progress.hidden = false;
    stage.textContent = text;
  }

  name.addEventListener("input", function () { autoName = !name.value; });
  narrative.addEventListener("change", named);

  // Dropped files: one is the draft; with two, a spreadsheet is the tables file.
  ["dragenter", "dragover"].forEach(function (ev) {
    form.addEventListener(ev, function (e) { e.preventDefault(); form.classList.add("over"); });
  });
  form.addEventListener("dragleave", function () { form.classList.remove("over"); });
  form.addEventListener("drop", function (e) {
    e.preventDefault();
    form.classList.remove("over");
    var files = Array.prototype.slice.call(e.dataTransfer.files || []);
    if (!files.length) return;
    var sheet = files.length > 1 ? files.filter(isSheet)[0] : null;
    var draft = files.filter(function (f) { return f !== sheet; })[0];
    put(narrative, draft);
    put(tables, sheet || (files.length > 1 ? files.filter(function (f) { return f !== draft; })[0] : null));
    error.hidden = true;
    named();
  });

  function describe(s) {
    var text = s.stage || "";
    if (s.pages) text += "（共 " + s.pages + " 页）";
    if (s.state === "queued" && s.position) text += "，前面还有 " + s.position + " 份";
    return text + " · 已用 " + Math.round(s.elapsed || 0) + " 秒";
  }

  function poll(url) {
    fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.error && !s.state) return showError(s.error);
      if (s.state === "error") return showError(s.error);
      if (s.state === "done" && s.url) { showStage("完成，正在打开报告"); window.location.href = s.url; return; }
      bar.removeAttribute("value");  // indeterminate while the worker reads and checks
      showStage(describe(s));
      setTimeout(function () { poll(url); }, 400);
    }).catch(function () { setTimeout(function () { poll(url); }, 1500); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    error.hidden = true;
    if (!narrative.files.length) return showError("请先选择或拖入一稿情况说明");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/check");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.round(100 * ev.loaded / ev.total);
      bar.value = pct;
      showStage("正在上传 " + pct + "%");
    };
    xhr.onload = function () {
      var s;
      try { s = JSON.parse(xhr.responseText); } catch (err) { return showError("服务器返回了无法识别的应答（" + xhr.status + "）"); }
      if (xhr.status === 202 && s.status_url) { showStage(describe(s)); return poll(s.status_url); }
      showError(s.error || ("服务器错误 " + xhr.status));
    };
    xhr.onerror = function () { showError("连接服务器失败（narrcheck serve 是否还在运行？）"); };
    go.disabled = true;
    bar.value = 0;
    showStage("正在上传");
    xhr.send(new FormData(form));
  });
})();
