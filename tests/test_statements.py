"""One statement, many units: sentences cut, merged with every unit named and every detail kept."""

from __future__ import annotations

from consolidate import statements as st

UNITS = {
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
    "STNMT": "Sở Tài nguyên và Môi trường",
    "TTT": "Thanh tra tỉnh",
    "BDT": "Ban Dân tộc tỉnh",
    "TPLS": "UBND thành phố Lạng Sơn",
    "VQ": "UBND huyện Văn Quan",
    "BG": "UBND huyện Bình Gia",
    "BS": "UBND huyện Bắc Sơn",
    "HL": "UBND huyện Hữu Lũng",
    "CL": "UBND huyện Chi Lăng",
}


def merged(texts: dict[str, str]) -> list[st.Statement]:
    items = []
    for code, text in texts.items():
        found = st.sentences(text)
        items += [st.sentence(code, UNITS[code], s, i / max(len(found) - 1, 1)) for i, s in enumerate(found)]
    return st.merge(items)


def test_sentences_are_cut_at_full_stops_not_inside_dates_figures_or_abbreviations() -> None:
    text = (
        "Ngày 01/03/2022, Sở ban hành Kế hoạch số 12/KH-SNV. Đã đăng tải 1.250 tin, bài trên TP. Lạng Sơn.\n"
        "Tỷ lệ đạt 45,5%. 3 đoàn vào đã được đón tiếp."
    )
    assert st.sentences(text) == [
        "Ngày 01/03/2022, Sở ban hành Kế hoạch số 12/KH-SNV.",
        "Đã đăng tải 1.250 tin, bài trên TP. Lạng Sơn.",
        "Tỷ lệ đạt 45,5%.",
        "3 đoàn vào đã được đón tiếp.",
    ]


def test_the_issue_example_of_unit_lists() -> None:
    names = [UNITS[c] for c in ("TPLS", "VQ", "BG", "BS", "HL", "CL")]
    assert (
        st.unit_list(names)
        == "UBND thành phố Lạng Sơn, UBND các huyện: Văn Quan, Bình Gia, Bắc Sơn, Hữu Lũng và Chi Lăng"
    )
    assert st.unit_list([UNITS["STP"], UNITS["STNMT"], UNITS["TTT"]], final=", ") == (
        "Sở Tư pháp, Sở Tài nguyên và Môi trường, Thanh tra tỉnh"
    )
    # A name holding its own «và» is not followed by another «và».
    assert st.unit_list([UNITS["STP"], UNITS["STNMT"]]) == "Sở Tư pháp, Sở Tài nguyên và Môi trường"
    # Departments are listed together from three, then closed with «;» when more names follow.
    assert st.unit_list([UNITS["SNV"], UNITS["STP"], UNITS["STNMT"], UNITS["TTT"]]) == (
        "các Sở: Nội vụ, Tư pháp, Tài nguyên và Môi trường; Thanh tra tỉnh"
    )
    assert st.unit_list([UNITS["TTT"], UNITS["BDT"]]) == "Thanh tra tỉnh và Ban Dân tộc tỉnh"


def test_identical_sentences_become_one_statement_naming_every_unit() -> None:
    shared = "Đề nghị quan tâm bố trí kinh phí cho các hoạt động đối ngoại."
    found = merged(dict.fromkeys(("TPLS", "VQ", "BG", "BS", "HL", "CL"), shared) | {"SNV": "Một ý riêng của Sở."})
    assert [len(s.members) for s in found] == [6, 1]
    assert found[0].text() == (
        "Đề nghị quan tâm bố trí kinh phí cho các hoạt động đối ngoại (UBND thành phố Lạng Sơn, "
        "UBND các huyện: Văn Quan, Bình Gia, Bắc Sơn, Hữu Lũng và Chi Lăng)."
    )
    assert found[1].text() == "Một ý riêng của Sở."


def test_units_naming_themselves_merge_and_are_named_where_they_named_themselves() -> None:
    found = merged(
        {
            "VQ": "UBND huyện tích cực vận động các tổ chức phi chính phủ nước ngoài hỗ trợ các xã khó khăn.",
            "BS": "UBND huyện Bắc Sơn tích cực vận động các tổ chức phi chính phủ nước ngoài hỗ trợ các xã khó khăn.",
        }
    )
    assert len(found) == 1
    assert found[0].text() == (
        "UBND các huyện: Văn Quan và Bắc Sơn tích cực vận động các tổ chức phi chính phủ nước ngoài "
        "hỗ trợ các xã khó khăn."
    )


def test_many_units_naming_themselves_are_listed_in_brackets() -> None:
    text = "Bên cạnh những kết quả đạt được, công tác hội nhập quốc tế của {} vẫn còn một số khó khăn."
    found = merged(
        {
            "SNV": text.format("Sở"),
            "STP": text.format("Sở Tư pháp"),
            "TTT": text.format("Thanh tra tỉnh"),
            "BDT": text.format("Ban"),
            "VQ": text.format("UBND huyện"),
        }
    )
    assert len(found) == 1
    assert found[0].text() == (
        "Bên cạnh những kết quả đạt được, công tác hội nhập quốc tế của các cơ quan, đơn vị vẫn còn một số khó khăn "
        "(Sở Nội vụ, Sở Tư pháp, Thanh tra tỉnh, Ban Dân tộc tỉnh, UBND huyện Văn Quan)."
    )


def test_a_detail_only_one_unit_wrote_is_kept_next_to_its_name() -> None:
    text = "Đề nghị đầu tư nâng cấp hạ tầng cửa khẩu {} và sớm khôi phục hoạt động xuất nhập khẩu."
    gates = {"TPLS": "Bình Nghi", "VQ": "quốc tế Hữu Nghị", "BG": "Chi Ma", "BS": "Chi Ma"}
    found = merged({code: text.format(gate) for code, gate in gates.items()})
    assert len(found) == 1
    assert found[0].text() == (
        "Đề nghị đầu tư nâng cấp hạ tầng cửa khẩu Bình Nghi (UBND thành phố Lạng Sơn), quốc tế Hữu Nghị "
        "(UBND huyện Văn Quan), Chi Ma (UBND các huyện: Bình Gia và Bắc Sơn) và sớm khôi phục hoạt động xuất nhập khẩu."
    )


def test_dates_and_figures_are_details_with_the_units_that_wrote_them() -> None:
    text = "Trong kỳ, {} đã ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022 ngày {} và thực hiện."
    found = merged({"SNV": text.format("Sở", "01/03/2022"), "STP": text.format("Sở", "04/03/2022")})
    assert [s.text() for s in found] == [
        "Trong kỳ, các Sở đã ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022 ngày 01/03/2022 "
        "(Sở Nội vụ), 04/03/2022 (Sở Tư pháp) và thực hiện."
    ]


def test_sentences_differing_in_two_places_or_by_added_words_stay_apart() -> None:
    two_places = merged(
        {
            "SNV": "Hoạt động hợp tác trong lĩnh vực nội vụ tiếp tục được duy trì, gắn với nhiệm vụ của ngành.",
            "VQ": "Hoạt động hợp tác trong lĩnh vực đối ngoại tiếp tục được duy trì, gắn với nhiệm vụ của địa phương.",
        }
    )
    assert [len(s.members) for s in two_places] == [1, 1]
    added = merged(
        {
            "SNV": "Kinh phí cho hoạt động đối ngoại còn hạn chế so với nhu cầu thực tế.",
            "STP": "Kinh phí cho hoạt động đối ngoại và đào tạo còn hạn chế so với nhu cầu thực tế.",
        }
    )
    assert [s.text() for s in added] == [
        "Kinh phí cho hoạt động đối ngoại còn hạn chế so với nhu cầu thực tế.",
        "Kinh phí cho hoạt động đối ngoại và đào tạo còn hạn chế so với nhu cầu thực tế.",
    ]


def test_other_units_and_verbs_are_not_taken_for_the_writer() -> None:
    other = st.sentence("SNV", "Sở Nội vụ", "Sở phối hợp với Sở Ngoại vụ và UBND tỉnh.")
    assert other.keys.count(st.SELF) == 1  # «Sở» is the writer; «Sở Ngoại vụ» and «UBND tỉnh» are not
    verb = st.sentence("BDT", "Ban Dân tộc tỉnh", "Ban hành kế hoạch; Ban đã triển khai.")
    assert verb.keys.count(st.SELF) == 1 and verb.keys[0] == "ban"


def test_proposals_name_their_addressee_or_go_on_asking_the_one_before() -> None:
    known = ["UBND tỉnh Lạng Sơn", "UBND tỉnh", "Sở Ngoại vụ"]
    assert st.proposal("Đề nghị UBND tỉnh, các sở, ngành liên quan quan tâm giới thiệu nhà tài trợ.", known) == (
        st.Proposal("UBND tỉnh, các sở, ngành liên quan", "Quan tâm giới thiệu nhà tài trợ.")
    )
    assert st.proposal("Kiến nghị Bộ Ngoại giao hướng dẫn thủ tục.", known) == (
        st.Proposal("Bộ Ngoại giao", "Hướng dẫn thủ tục.")
    )
    # «đề xuất» inside the request is not where the proposal starts.
    assert st.proposal("Đề nghị UBND tỉnh tiếp tục đề xuất Chính phủ trao đổi với phía bạn.", known) == (
        st.Proposal("UBND tỉnh", "Tiếp tục đề xuất Chính phủ trao đổi với phía bạn.")
    )
    assert st.proposal("Bên cạnh đó, đề nghị quan tâm bố trí kinh phí.", known, "UBND tỉnh, các sở, ngành") == (
        st.Proposal("UBND tỉnh", "Quan tâm bố trí kinh phí.")
    )
    # An addressee we do not know is kept in the sentence, never guessed.
    unknown = "Đề nghị Ban Chỉ đạo hội nhập quốc tế tỉnh sớm ban hành quy chế."
    assert st.proposal(unknown, known, "UBND tỉnh") == st.Proposal(None, unknown)
    assert st.proposal("Tăng cường công tác đào tạo.", known) == st.Proposal(None, "Tăng cường công tác đào tạo.")
