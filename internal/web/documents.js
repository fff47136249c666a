// The documents page, better with a script: a file over the appendix's
// limit is stopped here, with the page's own words, before it travels to
// the bucket (whose refusal is an English XML page); while a file uploads
// its button says so and cannot be pressed twice. The browser shows the
// upload's progress itself. Without this script S3 and the check after it
// refuse the same files.
(function () {
	"use strict";
	document.querySelectorAll("form.upload").forEach(function (form) {
		var input = form.querySelector('input[type="file"]');
		var button = form.querySelector('button[type="submit"]');
		var note = form.querySelector(".upload-note");
		form.addEventListener("submit", function (event) {
			var file = input.files && input.files[0];
			if (file && file.size > Number(input.getAttribute("data-max"))) {
				event.preventDefault();
				note.textContent = form.getAttribute("data-too-large");
				note.className = "upload-note error-message";
				input.setAttribute("aria-invalid", "true");
				input.focus();
				return;
			}
			note.className = "upload-note";
			note.textContent = form.getAttribute("data-uploading");
			button.disabled = true;
		});
	});
})();
