//! The EMIS partner (IM1) interface: named and configurable
//! (CLINICAL_ADAPTER=emis-im1) but not built, because its specification is
//! only given to partners under agreement. Every call answers
//! `Fault::LinkOff`, which the page explains as "not set up".

use super::{Appointment, Appointments, Call, FreeSlot, Link, Window};
use crate::clinical::model::Fault;

pub struct EmisIm1;

fn off<'a, T: Send + 'a>() -> Call<'a, T> {
    Box::pin(async { Err(Fault::LinkOff) })
}

impl Appointments for EmisIm1 {
    fn name(&self) -> &'static str {
        "EMIS partner API (IM1), not available"
    }
    fn test<'a>(&'a self, _: &'a Link) -> Call<'a, ()> {
        off()
    }
    fn free_slots<'a>(&'a self, _: &'a Link, _: Window) -> Call<'a, Vec<FreeSlot>> {
        off()
    }
    fn appointments<'a>(
        &'a self,
        _: &'a Link,
        _: &'a str,
        _: Window,
    ) -> Call<'a, Vec<Appointment>> {
        off()
    }
    fn book<'a>(&'a self, _: &'a Link, _: &'a FreeSlot, _: &'a str) -> Call<'a, Appointment> {
        off()
    }
    fn cancel<'a>(&'a self, _: &'a Link, _: &'a Appointment) -> Call<'a, ()> {
        off()
    }
}
