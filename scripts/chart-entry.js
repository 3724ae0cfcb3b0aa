// The page's Chart.js: only the chart types, scales and plugins the page draws (bar, line and
// scatter charts on category and linear axes, with fills, legends, tooltips and titles), bundled
// by scripts/build-web.sh into www/vendor/chart.min.js as the global `Chart` the page and its
// tests use. Left out besides other chart types and axes: the Colors plugin (every chart of the
// page sets its datasets' colors, and then the plugin does nothing) and subtitles. About 7 KB
// less to transfer than the full UMD build.
import {
  Chart, BarController, LineController, ScatterController, BarElement, LineElement, PointElement,
  CategoryScale, LinearScale, Filler, Legend, Tooltip, Title,
} from 'chart.js';

Chart.register(
  BarController, LineController, ScatterController, BarElement, LineElement, PointElement,
  CategoryScale, LinearScale, Filler, Legend, Tooltip, Title,
);
window.Chart = Chart;
