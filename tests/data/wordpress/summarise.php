<?php
// Runs the WordPress importer's own WXR_Parser on each file given and prints, as JSON, what it reads.
// WORDPRESS_IMPORTER: a checkout of https://github.com/WordPress/wordpress-importer
$src = getenv('WORDPRESS_IMPORTER') . '/src';
error_reporting(E_ERROR);
class WP_Error { public $code; public $message; public $data;
  function __construct($c='', $m='', $d='') { $this->code=$c; $this->message=$m; $this->data=$d; }
  function get_error_code() { return $this->code; } function get_error_message() { return $this->message; }
  function get_error_data() { return $this->data; } }
function is_wp_error($x) { return $x instanceof WP_Error; }
function __($s, $d = null) { return $s; }
function esc_html($s) { return htmlspecialchars($s); }
function _doing_it_wrong() {}
function _deprecated_file() {}
function apply_filters($h, $v) { return $v; }
function do_action() {}
function wp_kses_post($s) { return $s; }
require "$src/php-toolkit/load.php";
require "$src/compat.php";
foreach (['class-wxr-parser', 'class-wxr-parser-simplexml', 'class-wxr-parser-xml', 'class-wxr-parser-regex', 'class-wxr-parser-xml-processor'] as $f) {
  require "$src/parsers/$f.php";
}
$out = [];
foreach (array_slice($argv, 1) as $file) {
  $parser = new WXR_Parser();
  $r = $parser->parse($file);
  if (is_wp_error($r)) { $out[basename($file)] = ['error' => $r->get_error_message()]; continue; }
  $posts = [];
  foreach ($r['posts'] as $p) {
    $meta = [];
    foreach (($p['postmeta'] ?? []) as $m) { if ($m['key'] === '_thumbnail_id') $meta['_thumbnail_id'] = $m['value']; }
    $posts[] = [
      'post_id' => (int)$p['post_id'], 'post_type' => $p['post_type'], 'status' => $p['status'],
      'post_name' => $p['post_name'], 'post_title' => $p['post_title'], 'post_author' => $p['post_author'],
      'post_date' => $p['post_date'], 'post_content' => $p['post_content'], 'post_excerpt' => $p['post_excerpt'],
      'attachment_url' => $p['attachment_url'] ?? null, 'terms' => $p['terms'] ?? [], 'meta' => $meta,
    ];
  }
  $authors = [];
  foreach ($r['authors'] as $login => $a) { $authors[$login] = $a['author_display_name']; }
  $out[basename($file)] = ['version' => $r['version'], 'authors' => $authors, 'posts' => $posts];
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
