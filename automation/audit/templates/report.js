// Optional: Escape closes an enlarged screenshot. Everything works without it.
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && location.hash.indexOf("#full-") === 0) {
    location.hash = "#step-" + location.hash.slice(6);
  }
});
