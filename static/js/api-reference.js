// Renders the OpenAPI document named by the page (data-spec-url) with the vendored Swagger UI.
(function () {
  var root = document.getElementById("api-reference");
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    supportedSubmitMethods: [],
  });
})();
