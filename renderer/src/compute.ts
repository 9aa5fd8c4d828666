// Entry of the hidden GPU compute window's page (renderer/compute.html). The page's code lives with
// the rest of the compute window in main/model/gpu/compute-window/page/index.ts; importing it from inside the
// renderer root lets Vite's dev server serve it (a <script src> outside the root answers 404 under
// `npm run dev`, and every auto/gpu training then waited for a page that never came).
import '../../main/model/gpu/compute-window/page/index.ts';
