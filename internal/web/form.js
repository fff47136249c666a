// The application form without what the chosen project type does not use:
// a part marked data-types="inception project ..." shows only when one of
// those types is chosen (or none is). A hidden part's fields are disabled,
// so they are not sent; a part with a problem on it stays, for the
// applicant to see and mend. Without this script every part shows, and
// each says which types it is for.
(function () {
	"use strict";
	var form = document.querySelector('form[action="/applications"]');
	if (!form) {
		return;
	}
	var parts = form.querySelectorAll("[data-types]");
	function update() {
		var chosen = form.querySelector('input[name="type"]:checked');
		parts.forEach(function (part) {
			var types = part.getAttribute("data-types").split(" ");
			var hide = chosen !== null && types.indexOf(chosen.value) < 0 &&
				part.querySelector('[aria-invalid="true"]') === null;
			part.hidden = hide;
			part.querySelectorAll("input, select, textarea").forEach(function (field) {
				field.disabled = hide;
			});
		});
	}
	form.addEventListener("change", function (event) {
		if (event.target.name === "type") {
			update();
		}
	});
	update();
})();
