"""Document metadata: the Info dictionary's twin in XMP, with the PDF/UA claim.

Readers show the title (not the file name) when the catalog asks them to and
the XMP holds dc:title; the pdfuaid schema says which PDF/UA part the file
claims. Dates come from the content (when it was last reviewed), never from
the clock, so every build of an edition writes the same bytes.
"""
from __future__ import annotations


from reportlab.pdfbase.pdfdoc import PDFName

from ..rl_adapter import PlainStream


def xmp_packet(*, title: str, subject: str, author: str, keywords: str, lang: str,
               date: str, producer: str) -> bytes:
    def e(text: str) -> str:
        # (xml.sax.saxutils would do the same, but imports urllib, a fifth of a cold start)
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;")

    body = f'''<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li><rdf:li xml:lang="{e(lang)}">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(keywords)}</pdf:Keywords>
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <xmp:CreatorTool>booklet</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>'''
    return body.encode("utf-8")


def xmp_stream(packet: bytes) -> PlainStream:
    """The metadata stream, left uncompressed so any tool can read it."""
    return PlainStream({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}, packet)
