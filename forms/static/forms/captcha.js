// "Show another sum" without reloading the page. Without JavaScript the same button posts
// the form, which comes back with the answers kept and a new sum.
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".captcha__refresh");
  if (!button) return;
  event.preventDefault();
  const box = button.closest(".captcha");
  try {
    const response = await fetch(button.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" } });
    if (!response.ok) throw new Error(response.statusText);
    const data = await response.json();
    const image = box.querySelector("img");
    image.src = data.image_url;
    if (data.image_text) image.alt = data.image_text;
    box.querySelector('input[type="hidden"]').value = data.key;
    const answer = box.querySelector('input:not([type="hidden"])');
    answer.value = "";
    const status = box.querySelector("[data-captcha-status]");
    status.textContent = status.dataset.message;
    answer.focus();
  } catch (error) {
    button.form.requestSubmit(button);
  }
});
