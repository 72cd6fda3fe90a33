// Progressive enhancement only: every journey works without JavaScript.
import { initAll } from "/static/vendor/govuk-frontend.min.js";

initAll();
