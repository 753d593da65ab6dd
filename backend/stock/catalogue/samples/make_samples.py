"""Write the sample import files: ``catalogue_example.csv`` and ``catalogue_vn.mrc`` / ``catalogue_vn.xml``.

Run with ``python -m backend.stock.catalogue.samples.make_samples`` (no Django needed). The files are committed.
"""

from pathlib import Path

import pymarc
from pymarc import Field, Indicators, Subfield

from backend.stock.catalogue.titles import TITLES, demo_isbn

HERE = Path(__file__).parent
AUDIENCE = {"children": "j", "teen": "d", "adult": "e", "all": "g"}


def marc_record(n: int, title, authors, publisher, year, ddc, level, subjects) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True, leader="     nam a22     7a 4500")
    # 008: date entered, single date + year, place "vm " (Vietnam), target audience at 22, language at 35-37.
    fixed = f"250101s{year}    vm " + "    " + AUDIENCE[level] + "     000 1 " + " " + "vie" + " d"
    record.add_field(Field(tag="001", data=f"VN-CT-{n:05d}"))
    record.add_field(Field(tag="008", data=fixed))
    record.add_field(Field(tag="020", indicators=Indicators(" ", " "), subfields=[Subfield("a", demo_isbn(n))]))
    record.add_field(Field(tag="041", indicators=Indicators("0", " "), subfields=[Subfield("a", "vie")]))
    record.add_field(Field(tag="082", indicators=Indicators("0", "4"), subfields=[Subfield("a", ddc)]))
    first, *others = [a.strip() for a in authors.split(";")]
    record.add_field(Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", first + ",")]))
    record.add_field(
        Field(
            tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", title + " /"), Subfield("c", authors)]
        )
    )
    record.add_field(
        Field(
            tag="264",
            indicators=Indicators(" ", "1"),
            subfields=[Subfield("a", "Hà Nội :"), Subfield("b", publisher + ","), Subfield("c", f"{year}.")],
        )
    )
    for subject in subjects.split(";"):
        record.add_field(Field(tag="650", indicators=Indicators(" ", "7"), subfields=[Subfield("a", subject.strip())]))
    for other in others:
        record.add_field(Field(tag="700", indicators=Indicators("1", " "), subfields=[Subfield("a", other)]))
    for copy in range(2):
        record.add_field(
            Field(
                tag="952",
                indicators=Indicators(" ", " "),
                subfields=[
                    Subfield("p", f"CT{n:04d}{copy + 1:02d}"),
                    Subfield("d", f"{year}-09-15"),
                    Subfield("g", "85000"),
                    Subfield("o", ddc),
                ],
            )
        )
    return record


def main() -> None:
    records = [marc_record(n, *row) for n, row in enumerate(TITLES, start=1)]
    with open(HERE / "catalogue_vn.mrc", "wb") as out:
        for record in records:
            out.write(record.as_marc())
    writer = pymarc.XMLWriter(open(HERE / "catalogue_vn.xml", "wb"))
    for record in records:
        writer.write(record)
    writer.close()


if __name__ == "__main__":
    main()
