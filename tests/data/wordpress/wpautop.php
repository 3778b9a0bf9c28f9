<?php
// Runs WordPress's own wpautop on each classic-editor text given as a JSON list on stdin; prints a JSON list.
function apply_filters($hook, $value) { return $value; }
require (getenv('WORDPRESS') ?: '/usr/share/wordpress') . '/wp-includes/formatting.php';
$texts = json_decode(stream_get_contents(STDIN), true);
$out = [];
foreach ($texts as $t) { $out[] = wpautop($t); }
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
