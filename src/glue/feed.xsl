<?xml version="1.0" encoding="UTF-8"?>
<!--
  feedcard's feed stylesheet. A browser that opens rss.xml or atom.xml shows
  this page instead of raw XML: what a feed is, how to follow this one, and
  the posts in it. Feed readers ignore it. Turn it off with
  [feeds] stylesheet = false in feedcard.toml.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no"
    doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <xsl:variable name="about" select="rss/channel/description | atom:feed/atom:subtitle"/>
    <xsl:variable name="self"
      select="rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href"/>
    <xsl:variable name="home"
      select="rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href"/>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="rss/channel/language"><xsl:value-of select="rss/channel/language"/></xsl:when>
          <xsl:when test="atom:feed/@xml:lang"><xsl:value-of select="atom:feed/@xml:lang"/></xsl:when>
          <xsl:otherwise>en</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> · feed</title>
        <style>
          :root { color-scheme: light dark; --bg: #fbfaf7; --ink: #1d1f21; --muted: #5f6368; --line: #e3e0d8; --accent: #c2410c; --note: #fff4e6; }
          @media (prefers-color-scheme: dark) { :root { --bg: #121314; --ink: #e8e6e3; --muted: #9aa0a6; --line: #2c2e31; --accent: #fb923c; --note: #2a1f14; } }
          * { box-sizing: border-box; }
          body { margin: 0; background: var(--bg); color: var(--ink); font: 17px/1.55 Georgia, "Iowan Old Style", "Times New Roman", serif; }
          main { max-width: 44rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
          .note { background: var(--note); border-left: 4px solid var(--accent); padding: 1rem 1.25rem; border-radius: 6px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
          .note strong { display: block; margin-bottom: .25rem; }
          .note code { display: block; margin-top: .6rem; padding: .45rem .6rem; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; overflow-wrap: anywhere; font-size: 14px; }
          h1 { font-size: 2rem; line-height: 1.2; margin: 2rem 0 .25rem; }
          .about { color: var(--muted); margin: 0 0 .5rem; }
          .home a { color: var(--accent); }
          ol { list-style: none; padding: 0; margin: 2rem 0 0; }
          li { padding: 1.1rem 0; border-top: 1px solid var(--line); }
          li h2 { font-size: 1.2rem; margin: 0 0 .2rem; line-height: 1.3; }
          li h2 a { color: inherit; text-decoration: none; }
          li h2 a:hover { text-decoration: underline; text-decoration-color: var(--accent); }
          time { color: var(--muted); font: 13px system-ui, -apple-system, "Segoe UI", sans-serif; }
          li p { margin: .35rem 0 0; color: var(--muted); }
        </style>
      </head>
      <body>
        <main>
          <div class="note">
            <strong>This is a web feed.</strong>
            A feed lets you follow this site without visiting it: paste the address below into a
            feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird, or any app that reads RSS or
            Atom) and new posts come to you. Nothing to sign up for, and you can stop any time.
            <code><xsl:value-of select="$self"/></code>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="about"><xsl:value-of select="$about"/></p>
          <p class="home"><a href="{$home}">Visit the site →</a></p>
          <ol>
            <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h2><a href="{link}" dir="auto"><xsl:value-of select="title"/></a></h2>
      <time><xsl:value-of select="substring(pubDate, 1, 16)"/></time>
      <p dir="auto"><xsl:value-of select="description"/></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h2>
        <a href="{atom:link[@rel='alternate']/@href}" dir="auto">
          <xsl:choose>
            <!-- An html title carries escaped markup; show its text. -->
            <xsl:when test="atom:title/@type='html'">
              <xsl:value-of select="atom:title" disable-output-escaping="yes"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="atom:title"/></xsl:otherwise>
          </xsl:choose>
        </a>
      </h2>
      <time><xsl:value-of select="substring(atom:published | atom:updated[not(../atom:published)], 1, 10)"/></time>
      <p dir="auto"><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
