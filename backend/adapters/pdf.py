"""The printable certificate (reportlab)."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas


def certificate_pdf(
    *, holder_name: str, educator_id: str, cert_type: str, area: str, status: str,
    issued_on: date, expires_on: date | None,
) -> bytes:
    buf = io.BytesIO()
    width, height = landscape(letter)
    pdf = canvas.Canvas(buf, pagesize=(width, height))
    pdf.setTitle(f"Certificate - {cert_type}")
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawCentredString(width / 2, height - 110, "State of Missouri")
    pdf.setFont("Helvetica", 16)
    pdf.drawCentredString(width / 2, height - 140,
                          "Department of Elementary and Secondary Education")
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(width / 2, height - 200, cert_type)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 240, "This certifies that")
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawCentredString(width / 2, height - 280, holder_name)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 315, f"Educator ID {educator_id}")
    pdf.drawCentredString(width / 2, height - 350, f"is certified in: {area}")
    validity = f"Issued {issued_on.isoformat()}"
    validity += f"   Valid through {expires_on.isoformat()}" if expires_on else ""
    pdf.drawCentredString(width / 2, height - 385, validity)
    pdf.drawCentredString(width / 2, height - 410, f"Status: {status}")
    pdf.setFont("Helvetica-Oblique", 10)
    pdf.drawCentredString(width / 2, 60, "Printed from the Educator Certification System, "
                          f"{date.today().isoformat()}. No certificate number is issued.")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
