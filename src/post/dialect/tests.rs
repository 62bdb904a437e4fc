use std::path::Path;

use super::*;

fn index() -> PostIndex {
    let entry = |path: &str, slug: &str| IndexEntry {
        path: path.into(),
        slug: slug.into(),
        url: format!("https://x.org/blog/{slug}/"),
    };
    PostIndex::new([
        entry("first-light/index.md", "first-light"),
        entry("2024-03-02-winter.md", "winter"),
        entry("notes/tides.md", "tides"),
    ])
}

fn run(dialect: Dialect, body: &str) -> Rewritten {
    let index = index();
    let context = Context {
        index: &index,
        base_url: "https://x.org/blog",
        page_url: "https://x.org/blog/here/",
    };
    rewrite(dialect, body, &context)
}

fn assert_no_template_syntax(text: &str) {
    for debris in ["{{", "}}", "{%", "%}"] {
        assert!(!text.contains(debris), "{debris} left in:\n{text}");
    }
}

#[test]
fn hugo_refs_resolve_and_unknown_refs_leave_their_link_text() {
    let out = run(
        Dialect::Hugo,
        r#"See [the dome]({{< ref "first-light" >}}), [tides]({{< relref "/posts/notes/tides.md#high" >}}) and [gone]({{< ref "missing.md" >}})."#,
    );
    assert_eq!(
        out.markdown,
        "See [the dome](https://x.org/blog/first-light/), [tides](https://x.org/blog/tides/#high) and gone."
    );
    assert_eq!(out.unresolved, ["missing.md"]);
}

#[test]
fn hugo_figures_embeds_highlight_and_details() {
    let body = r#"{{< figure src="plot.png" alt="A plot" caption="The *first* plot" link="big.png" >}}

{{< youtube id="abc123" title="Talk" >}}
{{< x user="station" id="42" >}}
{{< gist spf13 7896402 >}}
{{< instagram BWNjjyYFxVx >}}
{{< vimeo 55073825 >}}

{{< highlight go "linenos=table" >}}
fmt.Println("```")
{{< /highlight >}}

{{< details summary="More" >}}
Hidden **text**.
{{< /details >}}
"#;
    let out = run(Dialect::Hugo, body);
    let md = &out.markdown;
    assert_no_template_syntax(md);
    assert!(md.contains(r#"<figure><a href="big.png"><img src="plot.png" alt="A plot"></a><figcaption>The <em>first</em> plot</figcaption></figure>"#), "{md}");
    assert!(
        md.contains("[Talk](<https://www.youtube.com/watch?v=abc123>)"),
        "{md}"
    );
    assert!(md.contains("(<https://x.com/station/status/42>)"), "{md}");
    assert!(
        md.contains("(<https://gist.github.com/spf13/7896402>)"),
        "{md}"
    );
    assert!(
        md.contains("(<https://www.instagram.com/p/BWNjjyYFxVx/>)"),
        "{md}"
    );
    assert!(md.contains("(<https://vimeo.com/55073825>)"), "{md}");
    // A fence inside a line cannot close the block; one at a line start would.
    assert!(md.contains("```go\nfmt.Println(\"```\")\n```"), "{md}");
    assert!(
        md.contains("<details><summary>More</summary>\n\n\nHidden **text**."),
        "{md}"
    );
    assert!(out.unknown.is_empty(), "{:?}", out.unknown);
}

#[test]
fn hugo_unknown_shortcodes_keep_inner_content_and_are_named_once() {
    let out = run(
        Dialect::Hugo,
        "{{% notice tip %}}\nUse **this**.\n{{% /notice %}}\n\nA {{< badge >}} and {{< badge >}}.\n{{< rawhtml >}}<b>kept</b>{{< /rawhtml >}}",
    );
    assert_no_template_syntax(&out.markdown);
    assert!(
        out.markdown.contains("\n\nUse **this**.\n"),
        "{}",
        out.markdown
    );
    assert!(out.markdown.contains("A  and ."), "{}", out.markdown);
    assert!(out.markdown.contains("<b>kept</b>"), "{}", out.markdown);
    assert_eq!(out.unknown, ["notice", "badge", "rawhtml"]);
}

/// Found on a real Hugo example site: inline shortcodes (a Go template
/// written in the post) left `{{ if … }}`/`{{ end }}` in the feed, and the
/// built-in `*_simple` embeds and themes' `video` were dropped.
#[test]
fn hugo_inline_shortcodes_simple_embeds_and_media() {
    let body = r#"{{< math.inline >}}
{{ if or .Page.Params.math .Site.Params.math }}
<p>Inline math: \(x^2\)</p>
{{- end -}}
{{</ math.inline >}}

{{< twitter_simple user="station" id="42" >}}
{{< x_simple user="station" id="43" >}}
{{< vimeo_simple 48912912 >}}
{{< video src="https://cdn.example/launch.mp4" >}}
{{< audio >}}

{{< mermaid >}}
graph TD;
  A-->B;
{{< /mermaid >}}
"#;
    let out = run(Dialect::Hugo, body);
    let md = &out.markdown;
    assert_no_template_syntax(md);
    assert!(md.contains("<p>Inline math: \\(x^2\\)</p>"), "{md}");
    assert!(md.contains("(<https://x.com/station/status/42>)"), "{md}");
    assert!(md.contains("(<https://x.com/station/status/43>)"), "{md}");
    assert!(md.contains("(<https://vimeo.com/48912912>)"), "{md}");
    assert!(
        md.contains("[Video](<https://cdn.example/launch.mp4>)"),
        "{md}"
    );
    assert!(md.contains("```mermaid\ngraph TD;\n  A-->B;\n```"), "{md}");
    // An inline shortcode is defined by the post: nothing unknown about it.
    assert_eq!(out.unknown, ["audio"]);
}

#[test]
fn shortcodes_in_code_stay_literal_and_hugo_escapes_are_undone() {
    let body = "Write `{{< figure src=\"x\" >}}` or:\n\n```\n{{</* youtube abc */>}}\n```\n\nOr {{</* ref \"a\" */>}} in text.\n";
    let out = run(Dialect::Hugo, body);
    assert!(
        out.markdown.contains("`{{< figure src=\"x\" >}}`"),
        "{}",
        out.markdown
    );
    assert!(
        out.markdown.contains("```\n{{< youtube abc >}}\n```"),
        "{}",
        out.markdown
    );
    assert!(
        out.markdown.contains("Or {{< ref \"a\" >}} in text."),
        "{}",
        out.markdown
    );
    let out = run(
        Dialect::Jekyll,
        "`{% include x.html %}` and\n\n    {{ site.url }}\n",
    );
    assert!(
        out.markdown.contains("`{% include x.html %}`"),
        "{}",
        out.markdown
    );
    assert!(
        out.markdown.contains("    {{ site.url }}"),
        "{}",
        out.markdown
    );
    assert!(out.unknown.is_empty());
}

#[test]
fn jekyll_liquid_becomes_urls_code_and_literal_raw() {
    let body = r#"Read [winter]({% post_url 2024-03-02-winter %}) and [tides]({% link _posts/notes/tides.md %}).
![map]({{ site.url }}{{ site.baseurl }}/assets/map.png) ![b]({{ "/assets/b.png" | relative_url }}) [pdf]({% link assets/x.pdf %})

{% highlight ruby linenos %}
puts "hi"
{% endhighlight %}

{% raw %}{{ page.title }}{% endraw %}
{% include gallery.html %}{% include note.html %}{% assign x = 1 %}{{ page.title }}
{% comment %}secret{% endcomment %}
```liquid
{% raw %}{% if x %}{% endraw %}
```
"#;
    let out = run(Dialect::Jekyll, body);
    let md = &out.markdown;
    assert!(md.contains("[winter](https://x.org/blog/winter/)"), "{md}");
    assert!(md.contains("[tides](https://x.org/blog/tides/)"), "{md}");
    assert!(
        md.contains("![map](https://x.org/blog/assets/map.png)"),
        "{md}"
    );
    assert!(md.contains("![b](/blog/assets/b.png)"), "{md}");
    assert!(md.contains("[pdf](/blog/assets/x.pdf)"), "{md}");
    assert!(md.contains("```ruby\nputs \"hi\"\n```"), "{md}");
    assert!(
        md.contains("\n{{ page.title }}\n"),
        "raw kept literally: {md}"
    );
    assert!(md.contains("```liquid\n{% if x %}\n```"), "{md}");
    assert!(!md.contains("secret") && !md.contains("include"), "{md}");
    assert_eq!(out.unknown, ["include", "assign", "{{ page.title }}"]);
}

/// Found on a real Jekyll theme (kramdown is Jekyll's Markdown): attribute
/// lists reached the feed as text, and a link to `{{ site.github.repo }}`
/// pointed at the page itself.
#[test]
fn jekyll_kramdown_attribute_lists_and_unknown_link_targets() {
    let body = "**Howdy!** A message.\n{: .message }\n\n* TOC\n{:toc}\n\n## Part\n{:.no_toc #part}\n\nSome *words*{: .big} here and {::comment}hidden{:/comment}{::nomarkdown}<b>kept</b>{:/nomarkdown}.\n{::options parse_block_html=\"true\" /}\nOn [GitHub]({{ site.github.repo }}) and [home]({{ site.url }}).\n\n`{: .shown}` in code.\n";
    let out = run(Dialect::Jekyll, body);
    let md = &out.markdown;
    let prose = md.replace("`{: .shown}`", "");
    assert!(!prose.contains("{:") && !prose.contains("TOC"), "{md}");
    assert!(md.contains("**Howdy!** A message.\n\n"), "{md}");
    assert!(
        md.contains("## Part\n\nSome *words* here and <b>kept</b>."),
        "{md}"
    );
    assert!(!md.contains("hidden") && !md.contains("options"), "{md}");
    assert!(md.contains("On GitHub and [home](https://x.org)."), "{md}");
    assert!(md.contains("`{: .shown}` in code."), "{md}");
    assert_eq!(out.unknown, ["{{ site.github.repo }}"]);
}

/// Jekyll themes' figure and video includes are shown; other includes are not.
#[test]
fn jekyll_figure_and_video_includes() {
    let body = r#"{% include figure image_path="/assets/plot.png" alt="A plot" caption="The *first* plot" %}
{% include image.html src="map.png" description="The map" %}
{% include embed/youtube.html id='abc123' %}
{% include video id="76979871" provider="vimeo" %}
{% include figure %}{% include toc.html %}
"#;
    let out = run(Dialect::Jekyll, body);
    let md = &out.markdown;
    assert!(md.contains(r#"<figure><img src="/assets/plot.png" alt="A plot"><figcaption>The <em>first</em> plot</figcaption></figure>"#), "{md}");
    assert!(
        md.contains(
            r#"<figure><img src="map.png" alt="The map"><figcaption>The map</figcaption></figure>"#
        ),
        "{md}"
    );
    assert!(
        md.contains("(<https://www.youtube.com/watch?v=abc123>)"),
        "{md}"
    );
    assert!(md.contains("(<https://vimeo.com/76979871>)"), "{md}");
    assert!(!md.contains("include") && !md.contains("toc"), "{md}");
    assert_eq!(out.unknown, ["include"]);
}

#[test]
fn zola_shortcodes_and_internal_links() {
    let body = r#"See [tides](@/notes/tides.md#neap) and [light](@/blog/first-light/index.md).

{{ youtube(id="dQw4", autoplay=true) }}
{{ figure(src="plot.png", caption="Plot") }}
{% quote(author="Ada") %}
Numbers **sing**.
{% end %}
{{ chart(data=[1, 2]) }}
Prices {{ not a call }} stay.

`{{ youtube(id="x") }}` and {{/* gist(url="y") */}}
"#;
    let out = run(Dialect::Zola, body);
    let md = &out.markdown;
    assert!(
        md.contains("[tides](https://x.org/blog/tides/#neap)"),
        "{md}"
    );
    assert!(
        md.contains("[light](https://x.org/blog/first-light/)"),
        "{md}"
    );
    assert!(
        md.contains("(<https://www.youtube.com/watch?v=dQw4>)"),
        "{md}"
    );
    assert!(
        md.contains(
            "<figure><img src=\"plot.png\" alt=\"Plot\"><figcaption>Plot</figcaption></figure>"
        ),
        "{md}"
    );
    assert!(md.contains("Numbers **sing**."), "{md}");
    assert!(md.contains("{{ not a call }}"), "{md}");
    assert!(md.contains("`{{ youtube(id=\"x\") }}`"), "{md}");
    assert!(md.contains("{{gist(url=\"y\")}}"), "{md}");
    assert_eq!(out.unknown, ["quote", "chart"]);
}

#[test]
fn mdx_statements_expressions_and_components() {
    let body = r#"import Chart from '../components/Chart.astro';
import hero from './hero.png'
import {
  Tabs,
  TabItem,
} from '@theme/Tabs';
export const meta = {
  title: 'x',
};

{/* a comment */}
# Hello {frontmatter.title}

<Image src={hero} alt="The hero" />

<Callout type="note">
Inner **text** stays.
</Callout>

<Figure src="/img/plot.png" caption="Plot" />
<YouTube id="abc" />
<Chart data={[1, 2, 3]} />
<div className="x">html stays</div>

```js
import x from 'y';
<Keep />
```
"#;
    let out = run(Dialect::Mdx, body);
    let md = &out.markdown;
    assert!(
        !md.contains("import Chart") && !md.contains("export"),
        "{md}"
    );
    assert!(!md.contains("Tabs") && !md.contains("comment"), "{md}");
    assert!(md.contains("# Hello \n"), "{md}");
    assert!(
        md.contains("<img src=\"./hero.png\" alt=\"The hero\">"),
        "{md}"
    );
    assert!(md.contains("Inner **text** stays."), "{md}");
    assert!(!md.contains("Callout"), "{md}");
    assert!(md.contains("<figure><img src=\"/img/plot.png\""), "{md}");
    assert!(
        md.contains("(<https://www.youtube.com/watch?v=abc>)"),
        "{md}"
    );
    assert!(md.contains("<div className=\"x\">html stays</div>"), "{md}");
    assert!(
        md.contains("```js\nimport x from 'y';\n<Keep />\n```"),
        "{md}"
    );
    assert_eq!(out.unknown, ["<Chart>"]);
}

/// Found on Astro's starter blog: a component's children indented under it
/// became an indented code block once the component was removed.
#[test]
fn mdx_component_children_lose_their_shared_indentation() {
    let body = "Intro.\n\n<Button href=\"#\" onclick=\"go('x')\">\n\tClick **here**\n\t\tand here\n</Button>\n\n<Note>\n    - a list\n        - nested\n</Note>\n";
    let out = run(Dialect::Mdx, body);
    let md = &out.markdown;
    assert!(md.contains("\nClick **here**\n\tand here\n"), "{md:?}");
    assert!(md.contains("\n- a list\n    - nested\n"), "{md:?}");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new(md));
    assert!(!html.contains("<pre>"), "{html}");
    assert!(html.contains("<strong>here</strong>"), "{html}");
}

/// Docusaurus admonitions in `.mdx` posts: the `:::` fences are markup.
#[test]
fn mdx_admonitions_keep_a_title_and_their_content() {
    let body = ":::tip\nWax the **screw**.\n:::\n\n:::note[Before you start]\nMeasure twice.\n:::\n\n::::danger Sharp edges\nGloves.\n::::\n\n```\n:::kept\n```\n";
    let out = run(Dialect::Mdx, body);
    let md = &out.markdown;
    for expected in [
        "**Tip**\n\nWax the **screw**.\n",
        "**Before you start**\n\nMeasure twice.\n",
        "**Sharp edges**\n\nGloves.\n",
        "```\n:::kept\n```",
    ] {
        assert!(md.contains(expected), "{expected:?} not in {md:?}");
    }
    assert_eq!(md.matches(":::").count(), 1, "{md}");
}

#[test]
fn layout_and_syntax_decide_the_dialect() {
    let file = |name: &str, head: &str| LayoutFile {
        name: name.into(),
        head: head.into(),
    };
    assert_eq!(from_layout(&[file("hugo.toml", "")]), Some(Dialect::Hugo));
    assert_eq!(
        from_layout(&[file("config.toml", "baseURL = 'x'")]),
        Some(Dialect::Hugo)
    );
    assert_eq!(
        from_layout(&[file("config.toml", "base_url = 'x'")]),
        Some(Dialect::Zola)
    );
    assert_eq!(
        from_layout(&[file("_config.yml", "title: x")]),
        Some(Dialect::Jekyll)
    );
    assert_eq!(from_layout(&[file("config.toml", "title = 'x'")]), None);
    // Astro is no body dialect (its .md files are plain), but it lower-cases URLs.
    assert_eq!(from_layout(&[file("astro.config.mjs", "")]), None);
    assert!(lowercases_paths(&[file("astro.config.mjs", "")]));
    assert!(lowercases_paths(&[file("hugo.toml", "")]));
    assert!(lowercases_paths(&[file("zola.toml", "")]));
    assert!(!lowercases_paths(&[file("_config.yml", "title: x")]));
    assert!(!lowercases_paths(&[]));
    assert_eq!(sniff("a {{< x >}}"), Dialect::Hugo);
    assert_eq!(sniff("a {{ youtube(id=1) }}"), Dialect::Zola);
    assert_eq!(sniff("a [b](@/c.md)"), Dialect::Zola);
    assert_eq!(sniff("a {% include x %}"), Dialect::Jekyll);
    assert_eq!(sniff("a `{% include x %}`"), Dialect::Plain);
    let md = Path::new("a.md");
    assert_eq!(
        for_post(Setting::Auto, Some(Dialect::Zola), md, "{% x %}"),
        Dialect::Zola
    );
    assert_eq!(
        for_post(Setting::Auto, None, md, "{% x %}"),
        Dialect::Jekyll
    );
    assert_eq!(
        for_post(Setting::Fixed(Dialect::Plain), None, md, "{{< x >}}"),
        Dialect::Plain
    );
    assert_eq!(
        for_post(Setting::Fixed(Dialect::Hugo), None, Path::new("a.mdx"), ""),
        Dialect::Mdx
    );
}

#[test]
fn summaries_stop_at_the_more_divider_and_lose_template_syntax() {
    let path = Path::new("a.md");
    let body = "Intro {{< ref \"x\" >}} text.\n\n<!-- more -->\n\nRest.";
    assert_eq!(summary_source(path, body, None), "Intro x text.\n\n");
    let body = "One.\n\n<!--cut-->\n\nTwo <!--more--> three.";
    assert_eq!(summary_source(path, body, Some("<!--cut-->")), "One.\n\n");
    assert_eq!(
        summary_source(path, "`<!--more-->` x", None),
        "`<!--more-->` x"
    );
}

#[test]
fn r_unclosed_shortcodes_with_non_ascii_text_do_not_panic() {
    // Regression: a byte index inside `é` panicked and stopped the build.
    for body in [
        "{{< 图 >}}",
        "{{< abcdefghijklmnop é >}}",
        "{{< ab é",
        "{{% é >}}",
        "{{< x a=é",
        "{{< ab 😀",
        "{{< ab \u{200b}",
        "{{</* é */>}}",
        "{{<- é",
    ] {
        let _ = run(Dialect::Hugo, body);
    }
}

#[test]
fn r_unclosed_shortcode_storms_cost_bounded_work_per_tag() {
    // Regression: each unclosed `{{%` scanned to the end of the post, and
    // each paired opening scanned every later tag for its closing. These
    // bounds keep the scans short; the benchmark shows the time is linear.
    let storm = "{{%x".repeat(20_000);
    let out = run(Dialect::Hugo, &storm);
    assert!(!out.markdown.is_empty());
    let paired = "{{< note >}}".repeat(5_000);
    let _ = run(Dialect::Hugo, &paired);
}
