import '../ui/base.css';
import './options.css';
import { browserServices } from '../ui/browser-services';
import { startOptions } from './start';

const root = document.getElementById('app');
if (root) void startOptions(root, browserServices());
