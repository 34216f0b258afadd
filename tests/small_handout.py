"""A small handout in English, Spanish and Vietnamese, written by the tests themselves.

The translation workflow tests (XLIFF export and import, sentence-level changes,
sign-off, profile fields by language) need content whose units they can name: this
module writes it, so those tests keep testing the same behaviour whatever the shipped
handout says. It has a paragraph, a heading, lists, a key point, a warning box, a
checklist, a figure with caption and alt text, a call guide, a review box, interface
strings and figure labels.
"""
from __future__ import annotations

from pathlib import Path

from booklet.interface import STRING_KEYS
from figures import label_keys

FIGURE = "timeline"                       # any figure module; its LABEL_KEYS are read
LABEL = label_keys(FIGURE)[0]             # the label the tests translate
COST = "blocks.3.paragraph"               # treatment: the cost paragraph
COST_EN = "Ketamine treatment can cost a lot. Insurance may not pay for it, " \
          "especially for off-label forms."
COST_ES = "El tratamiento con ketamina puede costar mucho. Es posible que su seguro no " \
          "lo pague, sobre todo si se trata de formas de uso fuera de indicación."
INSURANCE_NOW = "Insurance may not pay for it, especially for off-label forms."
INSURANCE_WAS = "Insurance may pay for it, especially for off-label forms."
NEW_DRUG = "Ketamine is not a new drug."  # history, first sentence
HISTORY_TITLE_ES = "Un medicamento antiguo con un nuevo uso"
ABOUT_PARAGRAPH_ES = "Esta guía explica cómo el tratamiento con ketamina puede actuar " \
                     "en su cerebro."
SECTION_IDS = ("about", "history", "treatment", "safety", "when-to-call")

MANIFEST = """\
title: {title}
subtitle: {subtitle}
audience: {audience}
version: "1.0"
last_reviewed: 2026-11-01
reviewer: {reviewer}
source_language: en
reading_grade_max: 14
keywords: [ketamine]
sections:
""" + "".join(f"  - {section}\n" for section in SECTION_IDS)

TEXTS = {
    "en": {
        "manifest": {"title": "A small handout", "subtitle": "Written by the tests",
                     "audience": "For the test suite", "reviewer": "Test content team"},
        "about": """\
id: about
title: About this handout
blocks:
  - paragraph: This handout explains how ketamine treatment may work in your brain.
  - heading: What this handout is not
  - bullets:
      - "**It is not medical advice.**"
      - "**It is not a promise.** Ketamine is not a cure."
  - key_point:
      title: What is approved
      text: One ketamine medicine is approved for depression. Other uses are [[off-label]].
""",
        "history": f"""\
id: history
title: An old medicine with a new use
blocks:
  - paragraph: {NEW_DRUG} Doctors have used it in surgery for more than 50 years.
  - heading: Key dates
  - bullets:
      - "**1970.** The FDA approved it for surgery."
      - "**2019.** The FDA approved a nasal spray."
  - figure:
      name: {FIGURE}
      caption: What to expect over time
      alt: Two lanes over time, one for ketamine and one for a daily pill.
""",
        "treatment": f"""\
id: treatment
title: What treatment involves
blocks:
  - paragraph: Ketamine comes in several forms.
  - heading: How many sessions
  - bullets:
      - "**IV ketamine.** About 6 sessions over 2 to 3 weeks."
      - "**Boosters.** Some people later have booster sessions."
  - paragraph: {COST_EN}
  - heading: Your treatment day
  - checklist:
      - An adult will take you home.
      - You have a list of your medicines.
""",
        "safety": """\
id: safety
title: Side effects and safety
blocks:
  - paragraph: Most people handle ketamine well when trained staff watch over them.
  - warning:
      title: "Do not receive it if you:"
      items:
        - Are pregnant.
        - Have ever had bleeding in the brain.
  - heading: Common effects
  - bullets:
      - Feeling detached or dreamlike.
      - Feeling sick to your stomach.
""",
        "when-to-call": """\
id: when-to-call
title: When to get help
blocks:
  - call_guide:
      - level: emergency
        title: "Call {{emergency_number}} right away for:"
        items:
          - Chest pain or trouble breathing.
      - level: crisis
        title: "Thoughts of suicide:"
        text: "Get help now, day or night: {{crisis_line}}."
      - level: clinic
        title: "Call {{clinic_name}} at {{clinic_phone}} for:"
        items:
          - Effects that last past the day of your session.
  - review_box: {}
""",
        "strings": {
            "language_name": "English", "contents": "Contents",
            "page_of": "Page {page} of {pages}",
            "edition_line": "English edition · Version {version} · Last reviewed {date}",
            "key_point": "Key point", "warning": "Important", "checklist": "Checklist",
            "figure": "Figure {number}", "review_box_title": "Review of this handout",
            "last_reviewed": "Last reviewed", "reviewed_by": "Reviewed by",
            "review_note": "We review this handout once a year.",
            "from_your_clinic": "From your care team", "phone": "Phone",
            "website": "Website", "email": "Email", "address": "Address",
            "scan_to_visit": "Scan to visit our website",
            "no_clinic_contact": "Ask your care team how to reach them.", "notes": "Notes",
            "draft_mark": "Draft translation, not yet reviewed by a medical translator",
            "crisis_line_us": "call or text 988", "emergency_number_us": "911",
            "clinic_name_default": "your clinic",
            "clinic_phone_default": "the number your care team gave you",
            "email_greeting": "Hello,",
            "email_body": "Your handout is attached.", "email_signoff": "With care,",
            "help_now_title": "Need help now?",
            "help_now_emergency": "Chest pain: call **{{emergency_number}}** now.",
            "help_now_crisis": "Thoughts of ending your life: **{{crisis_line}}**.",
            "help_now_clinic": "Other worries: call {{clinic_name}} at {{clinic_phone}}.",
            "colon": ": ", "after_hours": "After hours",
        },
        "label": "{key}",
    },
    "es": {
        "manifest": {"title": "Una guía pequeña", "subtitle": "Escrita por las pruebas",
                     "audience": "Para las pruebas", "reviewer": "Equipo de contenido de prueba"},
        "about": f"""\
id: about
title: Acerca de esta guía
blocks:
  - paragraph: {ABOUT_PARAGRAPH_ES}
  - heading: Lo que esta guía no es
  - bullets:
      - "**No es un consejo médico.**"
      - "**No es una promesa.** La ketamina no es una cura."
  - key_point:
      title: Lo que está aprobado
      text: Un medicamento de ketamina está aprobado para la depresión. Los demás usos son de [[uso fuera de indicación]].
""",
        "history": f"""\
id: history
title: {HISTORY_TITLE_ES}
blocks:
  - paragraph: La ketamina no es un medicamento nuevo. Los médicos la usan en cirugías desde hace más de 50 años.
  - heading: Fechas clave
  - bullets:
      - "**1970.** La FDA la aprobó para cirugías."
      - "**2019.** La FDA aprobó un aerosol nasal."
  - figure:
      name: {FIGURE}
      caption: Qué esperar con el tiempo
      alt: Dos carriles a lo largo del tiempo, uno para la ketamina y otro para una pastilla diaria.
""",
        "treatment": f"""\
id: treatment
title: En qué consiste el tratamiento
blocks:
  - paragraph: La ketamina viene en varias formas.
  - heading: Cuántas sesiones
  - bullets:
      - "**Ketamina IV.** Unas 6 sesiones en 2 a 3 semanas."
      - "**Refuerzos.** Más adelante, algunas personas reciben sesiones de refuerzo."
  - paragraph: {COST_ES}
  - heading: Su día de tratamiento
  - checklist:
      - Un adulto le llevará a casa.
      - Tiene una lista de sus medicamentos.
""",
        "safety": """\
id: safety
title: Efectos secundarios y seguridad
blocks:
  - paragraph: La mayoría de las personas lleva bien la ketamina cuando personal capacitado está pendiente de ellas.
  - warning:
      title: "No la reciba si usted:"
      items:
        - Está embarazada.
        - Ha tenido alguna vez un sangrado en el cerebro.
  - heading: Efectos comunes
  - bullets:
      - Sensación de desconexión, como en un sueño.
      - Malestar de estómago.
""",
        "when-to-call": """\
id: when-to-call
title: Cuándo pedir ayuda
blocks:
  - call_guide:
      - level: emergency
        title: "Llame al {{emergency_number}} de inmediato en caso de:"
        items:
          - Dolor en el pecho o dificultad para respirar.
      - level: crisis
        title: "Pensamientos de suicidio:"
        text: "Pida ayuda ahora, de día o de noche: {{crisis_line}}."
      - level: clinic
        title: "Llame a {{clinic_name}} (teléfono: {{clinic_phone}}) en caso de:"
        items:
          - Efectos que duran más allá del día de su sesión.
  - review_box: {}
""",
        "strings": {
            "language_name": "Español", "contents": "Contenido",
            "page_of": "Página {page} de {pages}",
            "edition_line": "Edición en español · Versión {version} · Última revisión: {date}",
            "key_point": "Punto clave", "warning": "Importante",
            "checklist": "Lista de verificación", "figure": "Figura {number}",
            "review_box_title": "Revisión de esta guía", "last_reviewed": "Última revisión",
            "reviewed_by": "Revisado por", "review_note": "Revisamos esta guía una vez al año.",
            "from_your_clinic": "De su equipo médico", "phone": "Teléfono",
            "website": "Sitio web", "email": "Correo electrónico", "address": "Dirección",
            "scan_to_visit": "Escanee el código para visitar nuestro sitio web",
            "no_clinic_contact": "Pregunte a su equipo médico cómo comunicarse con ellos.",
            "notes": "Notas",
            "draft_mark": "Traducción en borrador, aún no revisada por un traductor médico",
            "crisis_line_us": "llame o envíe un mensaje de texto al 988",
            "emergency_number_us": "911", "clinic_name_default": "su clínica",
            "clinic_phone_default": "el número que le dio su equipo médico",
            "email_greeting": "Hola:",
            "email_body": "Le enviamos su guía adjunta.",
            "email_signoff": "Saludos cordiales,", "help_now_title": "¿Necesita ayuda ahora?",
            "help_now_emergency": "Dolor en el pecho: llame al **{{emergency_number}}** ahora.",
            "help_now_crisis": "Pensamientos de quitarse la vida: **{{crisis_line}}**.",
            "help_now_clinic": "Otras preocupaciones: llame a {{clinic_name}} "
                               "(teléfono: {{clinic_phone}}).",
            "colon": ": ", "after_hours": "Fuera de horario",
        },
        "label": "etiqueta {key}",
    },
    "vi": {
        "manifest": {"title": "Một tài liệu nhỏ", "subtitle": "Do các bài kiểm thử viết",
                     "audience": "Dành cho bộ kiểm thử", "reviewer": "Nhóm nội dung kiểm thử"},
        "about": """\
id: about
title: Về tài liệu này
blocks:
  - paragraph: Tài liệu này giải thích ketamine có thể tác động lên não bạn ra sao.
  - heading: Tài liệu này không phải là gì
  - bullets:
      - "**Đây không phải là lời khuyên y khoa.**"
      - "**Đây không phải là lời hứa.** Ketamine không chữa khỏi hẳn bệnh."
  - key_point:
      title: Những gì được phê duyệt
      text: Một loại thuốc ketamine được phê duyệt để điều trị trầm cảm. Các cách dùng khác là [[ngoài chỉ định]].
""",
        "history": f"""\
id: history
title: Một loại thuốc cũ với công dụng mới
blocks:
  - paragraph: Ketamine không phải là thuốc mới. Bác sĩ đã dùng thuốc trong phẫu thuật hơn 50 năm.
  - heading: Các mốc thời gian chính
  - bullets:
      - "**1970.** FDA phê duyệt thuốc để dùng trong phẫu thuật."
      - "**2019.** FDA phê duyệt một loại thuốc xịt mũi."
  - figure:
      name: {FIGURE}
      caption: Những gì có thể xảy ra theo thời gian
      alt: Hai làn theo thời gian, một cho ketamine và một cho thuốc viên hằng ngày.
""",
        "treatment": """\
id: treatment
title: Việc điều trị gồm những gì
blocks:
  - paragraph: Ketamine có nhiều dạng.
  - heading: Cần bao nhiêu buổi
  - bullets:
      - "**Ketamine IV.** Khoảng 6 buổi trong 2 đến 3 tuần."
      - "**Buổi nhắc lại.** Một số người sau này có thêm các buổi nhắc lại."
  - paragraph: Điều trị bằng ketamine có thể rất tốn kém. Bảo hiểm có thể không chi trả, nhất là với các dạng dùng ngoài chỉ định.
  - heading: Ngày điều trị của bạn
  - checklist:
      - Một người lớn sẽ đưa bạn về nhà.
      - Bạn có danh sách các thuốc bạn đang dùng.
""",
        "safety": """\
id: safety
title: Tác dụng phụ và an toàn
blocks:
  - paragraph: Phần lớn mọi người dùng ketamine ổn khi có nhân viên có chuyên môn theo dõi.
  - warning:
      title: "Không dùng thuốc nếu bạn:"
      items:
        - Đang mang thai.
        - Đã từng bị chảy máu trong não.
  - heading: Các tác dụng thường gặp
  - bullets:
      - Cảm thấy tách rời hoặc như đang mơ.
      - Buồn nôn.
""",
        "when-to-call": """\
id: when-to-call
title: Khi nào cần tìm trợ giúp
blocks:
  - call_guide:
      - level: emergency
        title: "Gọi {{emergency_number}} ngay nếu có:"
        items:
          - Đau ngực hoặc khó thở.
      - level: crisis
        title: "Có ý nghĩ tự tử:"
        text: "Hãy tìm trợ giúp ngay, cả ngày lẫn đêm: {{crisis_line}}."
      - level: clinic
        title: "Gọi {{clinic_name}} theo số {{clinic_phone}} nếu có:"
        items:
          - Các tác dụng kéo dài quá ngày điều trị.
  - review_box: {}
""",
        "strings": {
            "language_name": "Tiếng Việt", "contents": "Mục lục", "page_of": "Trang {page}/{pages}",
            "edition_line": "Ấn bản tiếng Việt · Phiên bản {version} · Xem xét lần cuối {date}",
            "key_point": "Điểm chính", "warning": "Quan trọng", "checklist": "Danh sách kiểm tra",
            "figure": "Hình {number}", "review_box_title": "Thẩm định tài liệu này",
            "last_reviewed": "Xem xét lần cuối", "reviewed_by": "Người thẩm định",
            "review_note": "Chúng tôi xem xét lại tài liệu này mỗi năm một lần.",
            "from_your_clinic": "Từ đội ngũ chăm sóc của bạn", "phone": "Điện thoại",
            "website": "Trang web", "email": "Email", "address": "Địa chỉ",
            "scan_to_visit": "Quét mã để truy cập trang web của chúng tôi",
            "no_clinic_contact": "Hãy hỏi đội ngũ chăm sóc cách liên lạc với họ.",
            "notes": "Ghi chú",
            "draft_mark": "Bản dịch nháp, chưa được biên dịch viên y khoa thẩm định",
            "crisis_line_us": "hãy gọi số 988 và xin thông dịch viên tiếng Việt",
            "emergency_number_us": "911", "clinic_name_default": "phòng khám của bạn",
            "clinic_phone_default": "số mà đội ngũ chăm sóc đã đưa cho bạn",
            "email_greeting": "Xin chào,",
            "email_body": "Tài liệu của bạn được đính kèm.", "email_signoff": "Trân trọng,",
            "help_now_title": "Cần giúp đỡ ngay?",
            "help_now_emergency": "Đau ngực: hãy gọi **{{emergency_number}}** ngay.",
            "help_now_crisis": "Có ý nghĩ kết thúc cuộc sống: **{{crisis_line}}**.",
            "help_now_clinic": "Những lo lắng khác: hãy gọi {{clinic_name}} ({{clinic_phone}}).",
            "colon": ": ", "after_hours": "Ngoài giờ làm việc",
        },
        "label": "nhãn {key}",
    },
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_small_handout(root: Path, langs: tuple[str, ...] = ("en", "es")) -> Path:
    """Write the handout into ``root/<lang>/`` for English and each language named.

    Translations are written without a record of the English they translate; run
    ``translation update`` (``translate_all``) to make them current, as a translator does.
    """
    for lang in ("en", *[code for code in langs if code != "en"]):
        texts = TEXTS[lang]
        folder = root / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "handout.yaml").write_text(MANIFEST.format(**texts["manifest"]), "utf-8")
        for section in SECTION_IDS:
            (folder / f"{section}.yaml").write_text(texts[section], "utf-8")
        # every string the source language must have, including any added after this
        # module was written (a plain stand-in keeps the tests independent of its wording)
        strings = {key: texts["strings"].get(key, key.replace("_", " ")) for key in STRING_KEYS}
        (folder / "strings.yaml").write_text(
            "".join(f"{key}: {_quote(value)}\n" for key, value in strings.items()), "utf-8")
        labels = "".join(f"  {key}: {_quote(texts['label'].format(key=key))}\n"
                         for key in label_keys(FIGURE))
        (folder / "figures.yaml").write_text(f"{FIGURE}:\n{labels}", "utf-8")
    return root


def translate_all(root: Path, lang: str = "es") -> None:
    """Record that every part of ``lang`` translates today's English (unreviewed), as a
    translator does with `translation update` once the text is translated."""
    from conftest import run_cli

    part_ids = ["handout", *SECTION_IDS]
    result = run_cli("translation", "update", "--sections", root, "--lang", lang,
                     *[arg for part in part_ids for arg in ("--section", part)])
    assert result.code == 0, result.out + result.err


def small_handout(root: Path, langs: tuple[str, ...] = ("en", "es")) -> Path:
    """The handout with its Spanish translation current and unreviewed."""
    write_small_handout(root, langs)
    translate_all(root, "es")
    return root
