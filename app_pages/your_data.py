"""Practice: a student's own labels and predictions, measured with every loss that applies."""

from functools import partial

import streamlit as st

from losses import loss_spec
from ui.content import section
from ui.controls import Preset, choice, param_controls, preset_buttons, share_link, toggle
from ui.lesson import lesson_footer, lesson_header, loss_metrics, two_charts
from ui.your_data import (
    AUTO,
    BINARY,
    KIND_LABELS,
    KIND_NAMES,
    KINDS,
    MAX_ROWS,
    MULTICLASS,
    REGRESSION,
    TABLE_ROWS,
    DataProblem,
    TaskData,
    charted_specs,
    check_size,
    compute_losses,
    example_csv,
    load_task,
    looks_binary,
    loss_histogram,
    per_row_table,
    points_figure,
    results_csv,
    sample_rows,
    show_row_table,
    summary_table,
    upload_limit_mb,
)

LIMIT_MB = upload_limit_mb()
EXAMPLES = [
    Preset("Regression example", {"your_data_paste": example_csv(REGRESSION), "your_data_kind": AUTO},
           help="Units sold per week and a forecast of them", icon="📐"),
    Preset("Binary example", {"your_data_paste": example_csv(BINARY), "your_data_kind": AUTO},
           help="Spam (1) or not (0), and a filter's probability of spam", icon="🪙"),
    Preset("Multi-class example", {"your_data_paste": example_csv(MULTICLASS), "your_data_kind": AUTO},
           help="Cat (0), dog (1) or bird (2), and a classifier's three probabilities", icon="🎲"),
]
# The parameters a slider sets, per task (the other losses have none, or none worth a slider here).
PARAMETERS = {REGRESSION: [("huber", None), ("smooth_l1", None)], BINARY: [("focal", ("gamma",))],
              MULTICLASS: []}
READING = {REGRESSION: "Reading the regression chart", BINARY: "Reading the binary chart",
           MULTICLASS: "Reading the multi-class chart"}

lesson_header("your_data", limit_mb=LIMIT_MB)
st.markdown(section("your_data", "The columns", max_rows=f"{MAX_ROWS:,}"))
st.caption(section("your_data", "Row numbers"))

st.subheader("Your data")
preset_buttons(EXAMPLES, "your_data")
upload_column, paste_column = st.columns(2)
with upload_column:
    upload = st.file_uploader(f"Upload a CSV file (at most {LIMIT_MB} MB)", type=["csv", "txt", "tsv"],
                              key="your_data_upload",
                              help=section("your_data", "Upload help", limit_mb=LIMIT_MB))
with paste_column:
    # Not bound to the URL: a pasted file would not fit in an address.
    pasted = st.text_area("…or paste CSV text", key="your_data_paste", height=200,
                          placeholder="y_true,y_pred\n3,2.5\n-0.5,0.1\n2,2") or ""
kind = choice("Task", KINDS, "your_data_kind", AUTO, kind="radio", format_func=KIND_LABELS.get)


def read_input() -> TaskData | None:
    """The uploaded file if there is one, else the pasted text; None when there is neither."""
    if upload is not None:
        if pasted.strip():
            st.info(section("your_data", "Both inputs"))
        check_size(upload.size, LIMIT_MB)
        return load_task(upload.getvalue(), kind)
    if pasted.strip():
        return load_task(pasted, kind)
    return None


@st.fragment
def results_view(task: TaskData):
    st.success(section(
        "your_data", "Read", rows=f"{task.n_rows:,}", kind=KIND_NAMES[task.kind],
        how="detected from the column names" if task.detected else "as you chose",
        labels=", ".join(task.label_columns), predictions=", ".join(task.prediction_columns),
    ))
    if task.ignored:
        st.caption(section("your_data", "Ignored columns", columns=", ".join(task.ignored)))
    if task.detected and looks_binary(task):
        st.info(section("your_data", "Looks binary"))

    params = {}
    if PARAMETERS[task.kind]:
        with st.expander("Loss parameters", expanded=True):
            st.caption(section("your_data", "Loss parameters"))
            for column, (key, only) in zip(st.columns(len(PARAMETERS[task.kind])), PARAMETERS[task.kind],
                                           strict=True):
                with column:
                    params.update(param_controls(loss_spec(key), "your_data", only=only))
    results = compute_losses(task, params)
    for note in results.notes:
        st.warning(note)
    for skipped in results.skipped:
        show = st.warning if skipped.warning else st.info
        show(f"**{skipped.spec.short} is not computed.** {skipped.reason}")

    st.subheader("The results")
    st.markdown(section("your_data", "The results"))
    loss_metrics([(result.label, result.mean) for result in results.losses])
    # A static table: it wraps the Keras calls instead of cutting them off (a few rows, no sorting needed).
    st.table(summary_table(results), hide_index=True)

    st.subheader("Charts")
    charted = [spec.key for spec in charted_specs(task.kind)]
    chosen = choice("Loss in the charts", charted, f"your_data_chart_{task.kind}", kind="select",
                    format_func=lambda key: loss_spec(key).title)
    shown = results.loss(chosen) or results.losses[0]
    if shown.spec.key != chosen:
        st.info(f"{loss_spec(chosen).title} is not computed for this file; the charts show {shown.label}.")
    log_counts = toggle("Count the rows on a log scale", "your_data_log_counts",
                        help="Makes a bin of a few rows visible next to one of thousands.")
    rows = sample_rows(task.n_rows)
    two_charts(points_figure(results, shown.spec.key, rows), loss_histogram(shown, log_counts=log_counts),
               keys=("your_data_points_chart", "your_data_histogram_chart"))
    if len(rows) < task.n_rows:
        st.caption(section("your_data", "Chart sample", shown=f"{len(rows):,}", total=f"{task.n_rows:,}"))
    else:
        st.caption(section("your_data", "Chart all rows", total=f"{task.n_rows:,}"))
    st.markdown(section("your_data", READING[task.kind]))

    st.subheader("Row by row")
    table = per_row_table(results)
    st.caption(section("your_data", "Row by row", shown=f"{min(TABLE_ROWS, task.n_rows):,}",
                       total=f"{task.n_rows:,}"))
    show_row_table(table, results)
    # The CSV is written only when the button is clicked: 100,000 rows take a few tenths of a second.
    st.download_button("Download every row with its losses (CSV)", data=partial(results_csv, table),
                       file_name="loss_lab_results.csv", mime="text/csv", key="your_data_download",
                       icon=":material/download:", on_click="ignore")
    share_link("your_data")


try:
    task = read_input()
except DataProblem as problem:
    st.error(str(problem), icon="⚠️")
else:
    if task is None:
        st.info(section("your_data", "Nothing loaded", limit_mb=LIMIT_MB))
    else:
        results_view(task)

lesson_footer("your_data")
