import '../ui/base.css';
import './popup.css';
import { browserServices } from '../ui/browser-services';
import { startPopup } from './start';

const root = document.getElementById('app');
if (root) void startPopup(root, browserServices());
