// The page's Chart.js: only the chart types, scales and plugins the page draws (bar, line and
// scatter charts on category and linear axes, with fills, legends, tooltips and titles), bundled
// by scripts/build-web.sh into www/vendor/chart.min.js as the global `Chart` the page and its
// tests use. The full UMD build (doughnut, radar, polar charts, time and log axes besides) is
// about a fifth larger to transfer.
import {
  Chart, BarController, LineController, ScatterController, BarElement, LineElement, PointElement,
  CategoryScale, LinearScale, Filler, Legend, Tooltip, Title, SubTitle, Colors,
} from 'chart.js';

Chart.register(
  BarController, LineController, ScatterController, BarElement, LineElement, PointElement,
  CategoryScale, LinearScale, Filler, Legend, Tooltip, Title, SubTitle, Colors,
);
window.Chart = Chart;
